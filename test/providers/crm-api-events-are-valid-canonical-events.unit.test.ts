import { expect, it } from "vitest";
import { canonicalEventSchema, type CanonicalEvent } from "../../src/events/canonical";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { salesforceApi } from "../../src/providers/salesforce-api";
import { zendeskApi } from "../../src/providers/zendesk-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import salesforceFake from "../support/provider-fakes/salesforce.mjs";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const at = "2026-12-01T10:00:00.000Z";
const window = { since: Date.parse(at) - 60_000, until: Date.parse(at) + 60_000, cursor: null };
const valid = (events: CanonicalEvent[]) => {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) expect(canonicalEventSchema.safeParse(event).error).toBeUndefined();
};

it("every event the HubSpot, Zendesk and Salesforce clients read or list is a valid canonical event", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, "https://api.hubapi.com/__fake/portals", { portalId, accessToken });
  await control(hubspotFake, `https://api.hubapi.com/__fake/portals/${portalId}/objects/contacts`, {
    records: [{ id: "1", properties: { email: "a@example.test", firstname: "A", address: "1 Main St", state: "CA", country: "US", lastmodifieddate: at } }],
  });
  await control(hubspotFake, `https://api.hubapi.com/__fake/portals/${portalId}/objects/companies`, { records: [{ id: "2", properties: { hs_lastmodifieddate: at } }] });
  const hubspot = sessionOn(hubspotFake, hubspotApi, { accessToken });
  const read = await hubspotApi.hydrate!(hubspot, [
    { kind: "customer", externalId: "1", resource: "contact" },
    { kind: "company", externalId: "2", resource: "company" },
  ]);
  valid([...read.values()].flatMap((h) => (h.status === "found" ? [h.event] : [])));
  valid((await hubspotApi.listChanges!(hubspot, window, ["company"])).events.map((e) => e.event));

  const subdomain = uniqueId("acme");
  await control(zendeskFake, `https://${subdomain}.zendesk.com/__fake/account`, { accessToken });
  await control(zendeskFake, `https://${subdomain}.zendesk.com/__fake/users`, { users: [{ id: 5, name: "Solo", email: null, active: true, updated_at: at }] });
  await control(zendeskFake, `https://${subdomain}.zendesk.com/__fake/tickets`, { tickets: [{ id: 6, subject: null, status: "new", requester_id: 5, updated_at: at }] });
  const zendesk = sessionOn(zendeskFake, zendeskApi, { subdomain, accessToken });
  const user = (await zendeskApi.hydrate!(zendesk, [{ kind: "customer", externalId: "5", resource: "user" }])).get("5");
  valid(user?.status === "found" ? [user.event] : []);
  const listed = [];
  let cursor: string | null = null;
  do {
    const page = await zendeskApi.listChanges!(zendesk, { ...window, cursor }, ["customer", "ticket"]);
    listed.push(...page.events.map((e) => e.event));
    cursor = page.cursor;
  } while (cursor);
  valid(listed);

  const host = `${uniqueId("acme")}.my.salesforce.com`;
  const oauth = { clientId: uniqueId("3MVG"), clientSecret: "s", refreshToken: uniqueId("5Aep") };
  await control(salesforceFake, `https://${host}/__fake/org`, oauth);
  await control(salesforceFake, `https://${host}/__fake/records`, { sObject: "Opportunity", records: [{ Id: "006X", Name: "Deal", Amount: 1.2e7, IsClosed: false, SystemModstamp: at }] });
  const salesforce = sessionOn(salesforceFake, salesforceApi, { instanceUrl: `https://${host}`, ...oauth });
  valid((await salesforceApi.listChanges!(salesforce, window, ["deal"])).events.map((e) => e.event));
});
