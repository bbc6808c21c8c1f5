import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooRecords } from "../support/router";
import { addWooApiSource, reconcile, seedShop } from "../support/reconcile";
import order from "../fixtures/woocommerce/order.json";

it("a dry run lists and compares (orders missing in Odoo are exceptions) but feeds nothing", async () => {
  const t = await createTenant();
  const shop = await addWooApiSource(t);
  const modified = new Date(Date.now() - 600_000).toISOString().slice(0, 19);
  await seedShop(shop, [
    { ...order, id: 801, number: "801", date_modified_gmt: modified },
    { ...order, id: 802, number: "802", date_modified_gmt: modified },
  ]);
  const job = await reconcile(t, { dryRun: true });
  expect(job).toMatchObject({ state: "done", dryRun: true, error: null, counts: { listed: 2, fed: 0, written: 0, exceptions: 2 } });
  expect(job.exceptions.items.map((e) => [e.externalId, e.type]).sort()).toEqual([
    ["801", "missing_in_odoo"],
    ["802", "missing_in_odoo"],
  ]);
  expect(job.exceptions.items[0]).toMatchObject({ provider: { amount: 29.35, currency: "USD" }, odooValue: null });
  // Nothing reached an entity object, nor Odoo, nor the audit trail.
  await new Promise((r) => setTimeout(r, 500));
  expect(await odooRecords(t, "sale.order")).toEqual([]);
  const events = (await (await call(`/v1/tenants/${t.tenant}/events?source=woo`, { token: ADMIN_TOKEN })).json()) as { items: unknown[] };
  expect(events.items).toEqual([]);
});
