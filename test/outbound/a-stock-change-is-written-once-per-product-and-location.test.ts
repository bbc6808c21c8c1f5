// The stock flow end to end against the emulated Odoo and the provider fakes: after several stock
// changes of one product (which its entity object collapses into one event), one send writes the
// newest quantity once per product and location — Shopify per location, WooCommerce once (its
// single stock), Square per location — and a redelivery of that event writes nothing more.
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { getJson, seedFake, shopifyTarget, squareTarget, stockContext, stockOdoo, wooTarget } from "../support/stock-flow";

it("a stock change is written once per product and location", async () => {
  const odoo = await stockOdoo("19.0");
  const productId = await odoo.product("MUG-RED");
  const shop = `${uniqueId("stock")}.myshopify.com`;
  await seedFake(shop, {
    accessToken: "shpat_s",
    inventory: { variants: [{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 0, 2: 0 } }] },
  });
  const woo = `${uniqueId("stock")}.woo.test`;
  await seedFake(woo, { consumerKey: "ck", consumerSecret: "cs", products: [{ id: 10, type: "simple", sku: "MUG-RED", manage_stock: false, stock_quantity: null }] });
  const token = uniqueId("sq");
  await seedFake(`connect.squareup.com`, { token, locations: [{ id: "L1" }, { id: "L2" }], catalog: [{ id: "VAR-MUG", item_variation_data: { sku: "MUG-RED" } }] });

  // Several changes before the send: only the newest state counts.
  for (const quantity of [2, 5, 7]) await odoo.setStock(productId, "WH", quantity);
  await odoo.setStock(productId, "WH2", 3);

  const ledger = memoryLedger();
  const ctx = stockContext({
    odoo: odoo.odoo, odooVersion: odoo.major,
    productId,
    targets: [shopifyTarget(shop, "shpat_s"), wooTarget(woo, "ck", "cs"), squareTarget(token)],
    stock: { locations: { WH: { shop: "gid://shopify/Location/1", pos: "L1" }, WH2: { shop: "2", pos: "L2" } } },
    ledger,
  });
  const result = await stockFlow.send(ctx);
  expect(result.writes.map((w) => [w.to, w.objectKey, w.value, w.status])).toEqual([
    ["shop", "inventory:gid://shopify/InventoryItem/501@gid://shopify/Location/1", { available: 7 }, "sent"],
    ["shop", "inventory:gid://shopify/InventoryItem/501@gid://shopify/Location/2", { available: 3 }, "sent"],
    ["woo", "stock:10", { stock_quantity: 10 }, "sent"],
    ["pos", "inventory:VAR-MUG@L1", { quantity: 7 }, "sent"],
    ["pos", "inventory:VAR-MUG@L2", { quantity: 3 }, "sent"],
  ]);
  expect(result.odoo).toEqual({ model: "product.product", id: productId });

  // The same event delivered again (a lost acknowledgement): everything is in the ledger.
  const again = await stockFlow.send(ctx);
  expect(again.writes.map((w) => w.status)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged", "unchanged"]);

  const shopInventory = await getJson<{ levels: Record<string, number>; applied: number }>(`https://${shop}/__fake/inventory`);
  expect(shopInventory).toMatchObject({ levels: { "501@1": 7, "501@2": 3 }, applied: 2 });
  const wooStock = await getJson<{ products: Record<string, number>; itemsUpdated: number }>(`https://${woo}/__fake/stock`);
  expect(wooStock).toMatchObject({ products: { 10: 10 }, itemsUpdated: 1 });
  const squareInventory = await getJson<{ counts: Record<string, string>; applied: number }>(`https://connect.squareup.com/__fake/inventory?token=${token}`);
  expect(squareInventory).toMatchObject({ counts: { "VAR-MUG@L1": "7", "VAR-MUG@L2": "3" }, applied: 2 });
});
