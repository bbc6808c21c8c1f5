import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";

it("thin HubSpot contact and company refs are read in one batch call per type and become full canonical events versioned by their last modification", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/contacts`, {
    records: [
      { id: "801", properties: { email: "jane@example.test", firstname: "Jane", lastname: "Doe", phone: "+15550100", city: "Lyon", zip: "69001", hs_country_region_code: "FR", lastmodifieddate: "2026-12-01T10:00:00.123Z" } },
      { id: "802", properties: { email: "max@example.test", firstname: "Max", lastname: null, lastmodifieddate: "2026-12-01T11:00:00.000Z" } },
    ],
  });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/companies`, {
    records: [{ id: "901", properties: { name: "Acme", domain: "acme.test", country: "Germany", hs_lastmodifieddate: "2026-12-02T09:30:00.000Z" } }],
  });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

  const hydrated = await hubspotApi.hydrate!(session, [
    { kind: "customer", externalId: "801", resource: "contact" },
    { kind: "customer", externalId: "802", resource: "contact" },
    { kind: "company", externalId: "901", resource: "company" },
  ]);

  expect(hydrated.get("801")).toEqual({
    status: "found",
    event: expect.objectContaining({
      provider: "hubspot",
      kind: "customer",
      externalId: "801",
      version: Date.parse("2026-12-01T10:00:00.123Z"),
      action: "upsert",
      data: {
        email: "jane@example.test",
        firstName: "Jane",
        lastName: "Doe",
        phone: "+15550100",
        company: null,
        address: { name: "Jane Doe", company: null, street: null, street2: null, city: "Lyon", zip: "69001", stateCode: null, countryCode: "FR", phone: "+15550100" },
      },
    }),
  });
  expect(hydrated.get("802")).toMatchObject({ status: "found", event: { data: { firstName: "Max", lastName: null, address: null } } });
  // A free-text country is not a code: no country rather than a wrong one.
  expect(hydrated.get("901")).toMatchObject({
    status: "found",
    event: { kind: "company", externalId: "901", version: Date.parse("2026-12-02T09:30:00.000Z"), data: { name: "Acme", domain: "acme.test", address: null } },
  });
  const counters = await control<{ byPath: Record<string, number> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/counters`);
  expect(counters.byPath).toEqual({ "/crm/v3/objects/contacts/batch/read": 1, "/crm/v3/objects/companies/batch/read": 1 });
});

it("more than 100 refs of one type are read in batches of at most 100", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  const ids = Array.from({ length: 230 }, (_, i) => String(1000 + i));
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/contacts`, {
    records: ids.map((id) => ({ id, properties: { email: `c${id}@example.test`, lastmodifieddate: "2026-12-01T10:00:00.000Z" } })),
  });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

  const hydrated = await hubspotApi.hydrate!(session, ids.map((externalId) => ({ kind: "customer", externalId, resource: "contact" })));

  expect([...hydrated.values()].filter((h) => h.status === "found")).toHaveLength(230);
  const counters = await control<{ byPath: Record<string, number> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/counters`);
  expect(counters.byPath["/crm/v3/objects/contacts/batch/read"]).toBe(3);
});
