// Account status through the router's delivery path: an Odoo change of the accountStatus flow, the
// Zendesk source's own API connection (OAuth with a rotating refresh token, kept by the connection
// object), the organization's fields written once.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { MappingStore } from "../../src/db/mappings";
import { putOdooSource } from "../support/odoo-callbacks";
import { feedOdooChange } from "../support/outbound-events";
import { postedInvoice } from "../support/outbound-status";
import { createTenant, getEvent, odooExecute, waitForStatus } from "../support/router";
import { uniqueId } from "../support/shopify";
import { putZendeskSource } from "../support/zendesk";

it("account status reaches the Zendesk organization through the router, over the source's OAuth connection", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  const subdomain = uniqueId("acme");
  const host = `https://${subdomain}.zendesk.com`;
  const fake = async (path: string, body: unknown) => {
    const response = await fetch(`${host}/__fake/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`zendesk fake ${path}: ${response.status}`);
  };
  await fake("account", { clientId: "zd-client", clientSecret: "zd-secret", refreshToken: "zd-refresh-1" });
  await fake("fields", { organization_fields: [{ key: "odoo_amount_due", type: "decimal" }, { key: "odoo_overdue", type: "decimal" }, { key: "odoo_credit_hold", type: "checkbox" }] });
  await fake("organizations", { organizations: [{ id: 7007, name: "Acme Corp" }] });
  await putZendeskSource(t, { subdomain, clientId: "zd-client", clientSecret: "zd-secret", refreshToken: "zd-refresh-1" });

  const { partnerId } = await postedInvoice({ run: (model, method, args, kwargs) => odooExecute(t, model, method, args, kwargs) }, { price: 64, dueDate: "2023-02-01" });
  await new MappingStore(env.DB, t.tenant, "zendesk").put("company", "7007", { model: "res.partner", id: partnerId });
  const outbound = { accountStatus: { to: ["zendesk"] } };
  await putOdooSource(t, { outbound });

  const fed = await feedOdooChange(t, "accountStatus", String(partnerId), { outbound }, { model: "res.partner" });
  const eventId = (fed as { eventId: string }).eventId;
  expect((await waitForStatus(t, eventId, ["delivered", "dead"], 30_000)).status).toBe("delivered");
  const org = (await (await fetch(`${host}/__fake/organizations/7007`)).json()) as { organization_fields: Record<string, unknown> };
  expect(org.organization_fields).toEqual({ odoo_amount_due: 64, odoo_overdue: 64, odoo_credit_hold: false });

  // The same state seen again (a poll): nothing written, recorded ignored with the unchanged values.
  const again = await feedOdooChange(t, "accountStatus", String(partnerId), { outbound }, { model: "res.partner" });
  const againId = (again as { eventId: string }).eventId;
  expect((await waitForStatus(t, againId, ["delivered", "ignored", "dead"], 20_000)).status).toBe("ignored");
  const counters = (await (await fetch(`${host}/__fake/counters`)).json()) as { byPath: Record<string, number>; refreshes: number };
  expect(counters.byPath["/api/v2/organizations/7007"]).toBe(1);
  expect(counters.refreshes).toBe(1);
  expect((await getEvent(t, againId))?.reason).toContain("3 unchanged");
});
