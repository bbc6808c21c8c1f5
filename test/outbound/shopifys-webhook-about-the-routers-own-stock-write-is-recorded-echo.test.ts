// The scenario, its echo half, through the router: Odoo's stock goes out to Shopify
// (a resync of the real stock flow), Shopify sends inventory_levels/update about that very write,
// and the router records it `echo` and writes nothing; a level someone else changed is no echo.
import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, postShopify, putRouting, waitForStatus } from "../support/router";
import { putOdooSource } from "../support/odoo-callbacks";
import { putSource } from "../support/sources";
import { getJson, seedFake } from "../support/stock-flow";
import { uniqueId } from "../support/shopify";

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
}

it("Shopify's inventory webhook about the router's own stock write is recorded echo, nothing written; another level is not", async () => {
  const t = await createTenant({ odooVersion: "19.0" });
  await post(`${t.odooUrl}/__emulator/records/product.template`, [{ name: "Red mug", default_code: "MUG-RED", is_storable: true }]);
  const [product] = (await (await fetch(`${t.odooUrl}/__emulator/records/product.product`)).json()) as { id: number }[];
  await post(`${t.odooUrl}/__emulator/stock`, { product_id: product!.id, warehouse: "WH", quantity: 4 });
  const shop = `${uniqueId("echo")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_e", inventory: { variants: [{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 0 } }] } });
  expect((await putSource(t, "shop", { provider: "shopify", secrets: [t.secret], api: { shop, accessToken: "shpat_e" } })).status).toBe(200);
  await putOdooSource(t);
  await putRouting(t, { outbound: { stock: { to: ["shop"], locations: { WH: "gid://shopify/Location/1" } } } });

  expect((await call(`/v1/tenants/${t.tenant}/outbound/resyncs`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ flow: "stock" }) })).status).toBe(202);
  const { webhooks } = await vi.waitUntil(
    async () => {
      const inventory = await getJson<{ webhooks: { topic: string; body: Record<string, unknown> }[] }>(`https://${shop}/__fake/inventory`);
      return inventory.webhooks.length > 0 ? inventory : null;
    },
    { timeout: 30_000, interval: 100 },
  );
  const own = webhooks[0]!;
  expect(own.topic).toBe("inventory_levels/update");

  const echo = await postShopify(t, own.topic, own.body);
  expect(echo.status).toBe(200);
  const answer = (await echo.json()) as { status: string; eventId: string; reason: string };
  expect(answer).toMatchObject({ status: "echo", reason: expect.stringContaining("stock write") });
  expect(await waitForStatus(t, answer.eventId, ["echo"])).toMatchObject({ status: "echo", odoo: null });

  // Someone sold two in the shop: a different level is news, not an echo.
  const sold = await postShopify(t, own.topic, { ...own.body, available: 2, updated_at: new Date(Date.now() + 1000).toISOString() });
  expect(((await sold.json()) as { status: string }).status).not.toBe("echo");
});
