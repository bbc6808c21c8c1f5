// Drift: the merchant sets a level by hand after the router wrote it. A live change of the product
// compares with the ledger (what the router wrote) and sees nothing to do; a resync compares with
// what Shopify holds now and sets Odoo's quantity back, from the quantity it found (compare-and-set).
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { merchantSets, shopInventory } from "../support/shopify-inventory";
import { seedFake, shopifyTarget, stockContext, stockOdoo } from "../support/stock-flow";

it("a stock resync corrects a level changed by hand at the shop; a live change trusts the ledger", async () => {
  const odoo = await stockOdoo("18.0");
  const productId = await odoo.product("MUG-BLUE", "500001");
  await odoo.setStock(productId, "WH", 9);
  const shop = `${uniqueId("drift")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_d", inventory: { variants: [{ legacyResourceId: "31", sku: "MUG-BLUE", inventoryItemId: "931", levels: { 1: 0 } }] } });
  const targets = [shopifyTarget(shop, "shpat_d")];
  const ledger = memoryLedger();
  const stock = { locations: { WH: "1" } };
  const send = (via: "poll" | "resync") => stockFlow.send(stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets, stock, ledger, via }));
  const fetchFake = (r: Request) => fetch(r);

  expect((await send("poll")).writes.map((w) => w.status)).toEqual(["sent"]);
  await merchantSets(shop, { "931@1": 2 }, fetchFake);

  expect((await send("poll")).writes.map((w) => w.status)).toEqual(["unchanged"]);
  expect((await shopInventory(shop, fetchFake)).levels["931@1"]).toBe(2);

  const resync = await send("resync");
  expect(resync.writes.map((w) => [w.status, w.value])).toEqual([["sent", { available: 9 }]]);
  const after = await shopInventory(shop, fetchFake);
  expect(after.levels["931@1"]).toBe(9);
  expect(after.stale).toBe(0);

  // Once in step, a resync finds nothing to correct and writes nothing.
  expect((await send("resync")).writes.map((w) => w.status)).toEqual(["unchanged"]);
});
