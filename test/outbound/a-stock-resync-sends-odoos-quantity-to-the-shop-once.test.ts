// The whole way back with the real stock flow: a resync of `stock` lists Odoo's quants, feeds one
// outbound event per product on the tenant's Odoo source, and the delivery step sends Shopify the
// quantity once (the ledger remembers it); a second resync sends nothing and says why.
import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, putRouting } from "../support/router";
import { putOdooSource } from "../support/odoo-callbacks";
import { putSource } from "../support/sources";
import { getJson, seedFake } from "../support/stock-flow";
import { uniqueId } from "../support/shopify";

type Job = { id: string; state: string; fed?: number; error: string | null };
type Listed = { items: { id: string; status: string; reason: string | null; deliveryId: string }[] };

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
}

it("a stock resync sends Odoo's quantity to the shop once through the whole pipeline; a second resync sends nothing", async () => {
  const t = await createTenant({ odooVersion: "19.0" });
  await post(`${t.odooUrl}/__emulator/records/product.template`, [{ name: "Red mug", default_code: "MUG-RED", is_storable: true }]);
  const [product] = (await (await fetch(`${t.odooUrl}/__emulator/records/product.product`)).json()) as { id: number }[];
  await post(`${t.odooUrl}/__emulator/stock`, { product_id: product!.id, warehouse: "WH", quantity: 7 });

  const shop = `${uniqueId("resync")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_r", inventory: { variants: [{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 0 } }] } });
  expect((await putSource(t, "shop", { provider: "shopify", secrets: [t.secret], api: { shop, accessToken: "shpat_r" } })).status).toBe(200);
  await putOdooSource(t);
  await putRouting(t, { outbound: { stock: { to: ["shop"], locations: { WH: "gid://shopify/Location/1" } } } });

  const resync = async () => {
    const started = await call(`/v1/tenants/${t.tenant}/outbound/resyncs`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ flow: "stock" }) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as Job;
    return vi.waitUntil(
      async () => {
        const job = (await (await call(`/v1/tenants/${t.tenant}/outbound/resyncs/${id}`, { token: ADMIN_TOKEN })).json()) as Job;
        return job.state !== "running" ? job : null;
      },
      { timeout: 20_000, interval: 100 },
    );
  };
  const outboundEvents = async (jobId: string) =>
    ((await (await call(`/v1/tenants/${t.tenant}/events?direction=outbound`, { token: ADMIN_TOKEN })).json()) as Listed).items.filter((e) =>
      e.deliveryId.startsWith(`resync:${jobId}:`),
    );

  const first = await resync();
  expect(first).toMatchObject({ state: "done", fed: 1, error: null });
  const delivered = await vi.waitUntil(async () => (await outboundEvents(first.id)).find((e) => e.status === "delivered" || e.status === "dead"), { timeout: 30_000, interval: 100 });
  expect(delivered.status).toBe("delivered");
  expect(await getJson(`https://${shop}/__fake/inventory`)).toMatchObject({ levels: { "501@1": 7 }, applied: 1 });
  const detail = (await (await call(`/v1/tenants/${t.tenant}/events/${delivered.id}`, { token: ADMIN_TOKEN })).json()) as { direction: string; odoo: { model: string; id: number } };
  expect(detail).toMatchObject({ direction: "outbound", odoo: { model: "product.product", id: product!.id } });

  // Nothing changed in Odoo: the second resync feeds the product again, and nothing is sent.
  const second = await resync();
  expect(second).toMatchObject({ state: "done", fed: 1 });
  const ignored = await vi.waitUntil(async () => (await outboundEvents(second.id)).find((e) => e.status !== "accepted" && e.status !== "queued"), { timeout: 30_000, interval: 100 });
  expect(ignored).toMatchObject({ status: "ignored", reason: expect.stringContaining("unchanged") });
  expect(await getJson(`https://${shop}/__fake/inventory`)).toMatchObject({ levels: { "501@1": 7 }, applied: 1 });
});
