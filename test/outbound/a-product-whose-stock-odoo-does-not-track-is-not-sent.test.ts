// A consumable (Odoo 16/17 type "consu", 18+ not `is_storable`) has no tracked stock: Odoo reads 0
// for it everywhere. Sending that 0 would mark it sold out in every shop: it is skipped, with the
// reason, and no provider is called.
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { getJson, seedFake, shopifyTarget, stockContext, stockOdoo } from "../support/stock-flow";

it.each(["17.0", "18.0"])("on Odoo %s a product whose stock Odoo does not track is not sent", async (version) => {
  const odoo = await stockOdoo(version);
  const productId = await odoo.product("BAG-PAPER", null, false);
  const shop = `${uniqueId("consu")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_s", inventory: { variants: [{ legacyResourceId: "11", sku: "BAG-PAPER", inventoryItemId: "501", levels: { 1: 30 } }] } });

  const result = await stockFlow.send(
    stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets: [shopifyTarget(shop, "shpat_s")], stock: { locations: { WH: "1" } }, ledger: memoryLedger() }),
  );
  expect(result.writes).toEqual([
    { to: "shop", provider: "shopify", objectKey: `product:${productId}`, value: null, status: "skipped", reason: "Odoo does not track this product's stock (not a storable product)" },
  ]);
  expect((await getJson<{ calls: number }>(`https://${shop}/__fake/counters`)).calls).toBe(0);
});
