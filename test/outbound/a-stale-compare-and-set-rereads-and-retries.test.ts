// Shopify's compare-and-set: the router sets from the quantity it last wrote; when Shopify has
// moved on since (an order took one), the set is refused CHANGE_FROM_QUANTITY_STALE, the flow reads
// what Shopify holds and sets Odoo's quantity from there, once, with a new idempotency key.
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { getJson, seedFake, shopifyTarget, stockContext, stockOdoo } from "../support/stock-flow";

const KEY = "inventory:gid://shopify/InventoryItem/501@gid://shopify/Location/1";

it("a stale compare-and-set re-reads and retries", async () => {
  // Odoo 17 reads the warehouse from context key `warehouse` (18+ `warehouse_id`): both are sent.
  const odoo = await stockOdoo("17.0");
  const productId = await odoo.product("MUG-RED");
  await odoo.setStock(productId, "WH", 7);
  await odoo.setStock(productId, "WH2", 50);
  const shop = `${uniqueId("stale")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_s", inventory: { variants: [{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 4 } }] } });
  // The router last wrote 4; an order has since taken 2 in Shopify.
  const ledger = memoryLedger();
  await ledger.put([{ sourceId: "shop", objectKey: KEY, value: { available: 4 }, eventId: "earlier" }]);
  await fetch(`https://${shop}/__fake/inventory`, { method: "POST", body: JSON.stringify({ levels: { "501@1": 2 } }) });

  const result = await stockFlow.send(
    stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets: [shopifyTarget(shop, "shpat_s")], stock: { locations: { WH: "1" } }, ledger }),
  );
  expect(result.writes).toMatchObject([{ to: "shop", objectKey: KEY, value: { available: 7 }, status: "sent" }]);
  const inventory = await getJson<{ levels: Record<string, number>; applied: number; stale: number }>(`https://${shop}/__fake/inventory`);
  expect(inventory).toMatchObject({ levels: { "501@1": 7 }, applied: 1, stale: 1 });
  expect((await ledger.get("shop", [KEY])).get(KEY)?.value).toEqual({ available: 7 });
});
