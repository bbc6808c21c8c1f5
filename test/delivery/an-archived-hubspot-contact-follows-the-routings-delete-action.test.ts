import { expect, it } from "vitest";
import { createTenant, odooSearchRead, putRouting, waitForStatus } from "../support/router";
import { objectChange, postHubSpot, putHubSpotSource } from "../support/hubspot";
import { hubspotPortal } from "../support/crm-fakes";

it('a thin HubSpot contact change whose contact HubSpot has archived (batch read: OBJECT_NOT_FOUND) archives the partner with deletes.customer = "archive"', async () => {
  const t = await createTenant();
  const portal = await hubspotPortal("static");
  const modified = new Date(Date.now() - 120_000).toISOString();
  await portal.seed("contacts", [{ id: "802", properties: { email: "leaving@example.test", firstname: "Lee", lastname: "Ving", lastmodifieddate: modified } }]);
  await putHubSpotSource(t, portal.credentials);
  await putRouting(t, { deletes: { customer: "archive" } });
  const deliver = async (element: unknown) => {
    const [reply] = await postHubSpot(t, [element]);
    return waitForStatus(t, reply!.eventId!, ["delivered", "dead", "ignored"]);
  };

  // A property the router has no field for: a thin change, read and written.
  expect((await deliver(objectChange("contact", 802, Date.now() - 90_000, "hs_lead_status", "OPEN"))).status).toBe("delivered");
  let partners = await odooSearchRead<{ email: string; active: boolean }>(t, "res.partner", ["email", "active"]);
  expect(partners).toEqual([expect.objectContaining({ email: "leaving@example.test", active: true })]);

  await portal.seed("contacts", [{ id: "802", properties: { email: "leaving@example.test", lastmodifieddate: new Date().toISOString() }, archived: true }]);
  expect((await deliver(objectChange("contact", 802, Date.now(), "hs_lead_status", "CLOSED"))).status).toBe("delivered");

  partners = await odooSearchRead<{ email: string; active: boolean }>(t, "res.partner", ["email", "active"]);
  expect(partners.filter((p) => p.email === "leaving@example.test")).toEqual([expect.objectContaining({ active: false })]);
});
