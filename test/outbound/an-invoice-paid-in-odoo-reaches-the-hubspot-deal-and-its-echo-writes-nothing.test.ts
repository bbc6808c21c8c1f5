// The whole way back for invoice status, through the router: the rule provisioned in Odoo 19 calls
// back when the invoice is paid, the event is read back and delivered to the HubSpot deal, and
// HubSpot's property-change webhooks about that write come back recorded `echo`.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { MappingStore } from "../../src/db/mappings";
import { postHubSpot, putHubSpotSource } from "../support/hubspot";
import { provisionAutomations, putOdooSource, relayOdooCallbacks } from "../support/odoo-callbacks";
import { postedInvoice } from "../support/outbound-status";
import { createTenant, odooExecute, waitForStatus } from "../support/router";
import { uniqueId } from "../support/shopify";

const HOST = "https://api.hubapi.com";
const fake = async <T>(path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${HOST}/__fake/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`hubspot fake ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

it("an invoice paid in Odoo reaches the HubSpot deal through the router, and HubSpot's webhooks about that write are recorded echo", async () => {
  const t = await createTenant({ odooVersion: "19.0" });
  const portalId = String(Math.floor(Math.random() * 1e9));
  const token = uniqueId("pat-");
  // In the fakes' worker, where the router's API session reaches it.
  await fake("portals", { portalId, accessToken: token });
  await fake(`portals/${portalId}/objects/deals`, { records: [{ id: "9100", properties: { dealname: "Acme renewal" } }] });
  await fake(`portals/${portalId}/properties/deals`, { names: ["odoo_invoice_status", "odoo_amount_due", "odoo_amount_paid"] });
  await putHubSpotSource(t, { accessToken: token });

  const { opportunityId, invoiceId } = await postedInvoice({ run: (model, method, args, kwargs) => odooExecute(t, model, method, args, kwargs) }, { price: 120 });
  await new MappingStore(env.DB, t.tenant, "hubspot").put("deal", "9100", { model: "crm.lead", id: opportunityId });
  await putOdooSource(t, { outbound: { invoiceStatus: { to: ["hubspot"] } } });
  expect((await provisionAutomations(t)).status).toBe(200);

  const paid = await fetch(`${t.odooUrl}/__emulator/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ invoice_id: invoiceId }) });
  expect(paid.status).toBe(200);
  const relayed = await relayOdooCallbacks(t, { filter: (c) => c.model === "account.move" && c.recordId === invoiceId });
  expect(relayed.length).toBeGreaterThan(0);
  for (const answer of relayed) {
    const eventId = answer.body.eventId as string | undefined;
    if (eventId) expect((await waitForStatus(t, eventId, ["delivered", "dead", "superseded", "duplicate"], 30_000)).status).not.toBe("dead");
  }
  const deal = await vi.waitUntil(async () => {
    const d = await fake<{ properties: Record<string, string> }>(`portals/${portalId}/objects/deals/9100`);
    return d.properties.odoo_invoice_status === "paid" ? d : null;
  }, { timeout: 30_000, interval: 200 });
  expect(deal.properties).toMatchObject({ odoo_invoice_status: "paid", odoo_amount_due: "0", odoo_amount_paid: "120" });

  // HubSpot tells the router about its own write: echo, nothing goes to Odoo.
  const changes = await fake<Record<string, unknown>[]>(`portals/${portalId}/property-changes`);
  expect(changes).toHaveLength(3);
  const replies = await postHubSpot(t, changes.map((c) => ({ ...c, subscriptionId: 25, attemptNumber: 0 })));
  expect(replies.map((r) => r.status)).toEqual(["echo", "echo", "echo"]);
});
