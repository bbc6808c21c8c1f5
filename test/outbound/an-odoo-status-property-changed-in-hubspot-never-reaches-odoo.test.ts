import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { dealChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

it("the odoo_* status properties changed on a HubSpot deal are never written into Odoo's opportunity", async () => {
  const t = await createTenant();
  await putHubSpotSource(t);
  const at = Date.now();
  const [created] = await postHubSpot(t, [dealChange(4242, at, "dealname", "Acme renewal")]);
  expect((await waitForStatus(t, created!.eventId!, ["delivered", "dead"])).status).toBe("delivered");
  const before = await odooSearchRead<Record<string, unknown>>(t, "crm.lead", ["name", "expected_revenue", "description", "stage_id", "referred"]);

  // What invoiceStatus wrote on the deal comes back as property changes (or a user edits them).
  const echoes = await postHubSpot(t, [
    dealChange(4242, at + 1000, "odoo_invoice_status", "paid"),
    dealChange(4242, at + 1001, "odoo_amount_due", "60"),
  ]);
  for (const reply of echoes) if (reply.eventId) expect((await waitForStatus(t, reply.eventId, ["delivered", "dead", "echo", "ignored", "duplicate"])).status).not.toBe("dead");

  const after = await odooSearchRead<Record<string, unknown>>(t, "crm.lead", ["name", "expected_revenue", "description", "stage_id", "referred"]);
  expect(after).toEqual(before);
  expect(JSON.stringify(after)).not.toMatch(/"paid"|"60"|odoo_/);
});
