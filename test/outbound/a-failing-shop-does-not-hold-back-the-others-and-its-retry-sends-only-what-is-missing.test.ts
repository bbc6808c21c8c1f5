// One stock send, two shops, one of them down: the other is written and recorded at once, the send
// fails (transient, so the delivery step retries), and the retry writes only the missing shop.
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { ProviderApiError } from "../../src/providers/provider-api";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { getJson, seedFake, shopifyTarget, stockContext, stockOdoo, wooTarget } from "../support/stock-flow";

it("a failing shop does not hold back the others, and its retry sends only what is missing", async () => {
  const odoo = await stockOdoo("19.0");
  const productId = await odoo.product("MUG-RED");
  await odoo.setStock(productId, "WH", 5);
  const shop = `${uniqueId("down")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_s", inventory: { variants: [{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 0 } }] } });
  const woo = `${uniqueId("down")}.woo.test`;
  await seedFake(woo, { consumerKey: "ck", consumerSecret: "cs", products: [{ id: 10, type: "simple", sku: "MUG-RED", manage_stock: true, stock_quantity: 0 }] });
  await fetch(`https://${woo}/__fake/faults`, { method: "POST", body: JSON.stringify([{ status: 503, body: "<html>Service Unavailable</html>" }]) });

  const ledger = memoryLedger();
  const targets = [wooTarget(woo, "ck", "cs"), shopifyTarget(shop, "shpat_s")];
  const stock = { locations: { WH: { shop: "1" } } };
  const eventId = uniqueId("evt");
  const failed = await stockFlow.send(stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets, stock, ledger, eventId })).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(ProviderApiError);
  expect(failed).toMatchObject({ category: "transient", status: 503 });
  // Shopify was written and recorded although WooCommerce, listed first, failed.
  expect((await getJson<{ levels: Record<string, number> }>(`https://${shop}/__fake/inventory`)).levels).toEqual({ "501@1": 5 });
  const shopCalls = (await getJson<{ calls: number }>(`https://${shop}/__fake/counters`)).calls;

  const retry = await stockFlow.send(stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets, stock, ledger, eventId }));
  expect(retry.writes.map((w) => [w.to, w.status])).toEqual([
    ["woo", "sent"],
    ["shop", "unchanged"],
  ]);
  expect((await getJson<{ calls: number }>(`https://${shop}/__fake/counters`)).calls).toBe(shopCalls);
  expect((await getJson<{ products: Record<string, number> }>(`https://${woo}/__fake/stock`)).products).toEqual({ 10: 5 });
  // WooCommerce: the refused lookup, then one lookup (it is the read before the first write) and one batch.
  expect((await getJson<{ byPath: Record<string, number> }>(`https://${woo}/__fake/counters`)).byPath).toEqual({
    "/wp-json/wc/v3/products": 2,
    "/wp-json/wc/v3/products/batch": 1,
  });
});
