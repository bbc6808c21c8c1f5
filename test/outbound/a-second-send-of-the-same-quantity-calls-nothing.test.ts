// The ledger is what the router last wrote at each provider object: a later send (another event of
// the product: a reservation undone, a quant moved between locations of one warehouse) that finds
// the same quantities calls no provider at all — no lookup (cached), no read, no write.
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { getJson, seedFake, shopifyTarget, squareTarget, stockContext, stockOdoo, wooTarget } from "../support/stock-flow";

it("a second send of the same quantity calls nothing", async () => {
  const odoo = await stockOdoo("16.0");
  const productId = await odoo.product("TEE-M", "400002");
  await odoo.setStock(productId, "WH", 4);
  const shop = `${uniqueId("same")}.myshopify.com`;
  // Found by barcode: the shop's variant has no SKU.
  await seedFake(shop, { accessToken: "shpat_s", inventory: { variants: [{ legacyResourceId: "11", sku: null, barcode: "400002", inventoryItemId: "777", levels: { 1: 0 } }] } });
  const woo = `${uniqueId("same")}.woo.test`;
  await seedFake(woo, { consumerKey: "ck", consumerSecret: "cs", products: [{ id: 20, type: "variable", sku: "TEE" }], variations: [{ id: 21, parent_id: 20, sku: "TEE-M", manage_stock: true, stock_quantity: 1 }] });
  const token = uniqueId("sq");
  await seedFake("connect.squareup.com", { token, locations: [{ id: "L1" }], catalog: [{ id: "VAR-TEE", item_variation_data: { sku: "TEE-M" } }] });
  const targets = [shopifyTarget(shop, "shpat_s"), wooTarget(woo, "ck", "cs"), squareTarget(token)];
  const ledger = memoryLedger();
  const stock = { locations: { WH: { shop: "1", pos: "L1", woo: "-" } } };

  const first = await stockFlow.send(stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets, stock, ledger }));
  expect(first.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["inventory:gid://shopify/InventoryItem/777@gid://shopify/Location/1", { available: 4 }, "sent"],
    ["stock:20/21", { stock_quantity: 4 }, "sent"],
    ["inventory:VAR-TEE@L1", { quantity: 4 }, "sent"],
  ]);
  const counters = async () => ({
    shop: (await getJson<{ calls: number }>(`https://${shop}/__fake/counters`)).calls,
    woo: (await getJson<{ calls: number }>(`https://${woo}/__fake/counters`)).calls,
    square: (await getJson<{ calls: number }>(`https://connect.squareup.com/__fake/counters?token=${token}`)).calls,
  });
  const before = await counters();

  const second = await stockFlow.send(stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets, stock, ledger }));
  expect(second.writes.map((w) => w.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
  expect(await counters()).toEqual(before);
});
