import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { objectChange, postHubSpot, putHubSpotSource } from "../support/hubspot";
import { hubspotPortal } from "../support/crm-fakes";

it("HubSpot contact and company creations (thin: ids only) are read with CRM batch read through the source's OAuth2 connection and written to res.partner", async () => {
  const t = await createTenant();
  const portal = await hubspotPortal("oauth2");
  const modified = new Date(Date.now() - 60_000).toISOString();
  await portal.seed("contacts", [
    { id: "801", properties: { email: "jane.doe@example.test", firstname: "Jane", lastname: "Doe", phone: "+15550100", city: "Lyon", hs_country_region_code: "FR", lastmodifieddate: modified } },
  ]);
  await portal.seed("companies", [{ id: "901", properties: { name: "Acme Robotics", domain: "acme.test", phone: "+15550199", lastmodifieddate: modified, hs_lastmodifieddate: modified } }]);
  await putHubSpotSource(t, portal.credentials);

  const at = Date.now() - 30_000;
  const creation = (type: "contact" | "company", id: number) => {
    const { propertyName: _n, propertyValue: _v, ...element } = objectChange(type, id, at, "-", "-");
    return { ...element, subscriptionType: `${type}.creation` };
  };
  const replies = await postHubSpot(t, [creation("contact", 801), creation("company", 901)]);
  expect(replies.map((r) => r.status)).toEqual(["accepted", "accepted"]);
  for (const reply of replies) expect((await waitForStatus(t, reply.eventId!, ["delivered", "dead", "ignored"])).status).toBe("delivered");

  const partners = await odooSearchRead<{ name: string; email: string | false; phone: string | false; city: string | false; is_company: boolean; ref: string }>(t, "res.partner", [
    "name",
    "email",
    "phone",
    "city",
    "is_company",
    "ref",
  ]);
  expect(partners).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: "Jane Doe", email: "jane.doe@example.test", phone: "+15550100", city: "Lyon", is_company: false, ref: "hubspot:801" }),
      expect.objectContaining({ name: "Acme Robotics", phone: "+15550199", is_company: true }),
    ]),
  );
  const counters = await portal.counters();
  expect(counters.byPath).toMatchObject({ "/crm/v3/objects/contacts/batch/read": 1, "/crm/v3/objects/companies/batch/read": 1 });
});
