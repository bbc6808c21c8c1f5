// After the router sets a Shopify inventory level, Shopify sends inventory_levels/update about its
// own write (numeric ids). Normalized by the webhook module, the stock flow's echoOf names the very
// ledger entry the write recorded (GIDs on both sides) with the same value: core records it `echo`.
import { expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";
import { shopify } from "../../src/providers/shopify";
import { memoryLedger } from "../support/memory-ledger";
import { uniqueId } from "../support/shopify";
import { getJson, seedFake, shopifyTarget, stockContext, stockOdoo } from "../support/stock-flow";

it("the echo of a stock write matches its ledger entry", async () => {
  const odoo = await stockOdoo("18.0");
  const productId = await odoo.product("MUG-RED");
  await odoo.setStock(productId, "WH", 6);
  const shop = `${uniqueId("echo")}.myshopify.com`;
  await seedFake(shop, { accessToken: "shpat_s", inventory: { variants: [{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 0 } }] } });
  const ledger = memoryLedger();
  await stockFlow.send(stockContext({ odoo: odoo.odoo, odooVersion: odoo.major, productId, targets: [shopifyTarget(shop, "shpat_s")], stock: { locations: { WH: "1" } }, ledger }));

  const { webhooks } = await getJson<{ webhooks: { topic: string; body: unknown }[] }>(`https://${shop}/__fake/inventory`);
  expect(webhooks).toHaveLength(1);
  const normalized = shopify.normalize(
    {
      body: new TextEncoder().encode(JSON.stringify(webhooks[0]!.body)),
      headers: new Headers({ "x-shopify-topic": webhooks[0]!.topic, "x-shopify-webhook-id": crypto.randomUUID() }),
      method: "POST",
      url: "",
      receivedAt: Date.now(),
    },
    { tenantId: "t", sourceId: "shop", provider: "shopify", secrets: [], options: {} },
  );
  expect(normalized.outcome).toBe("events");
  const event = normalized.outcome === "events" ? normalized.events[0]!.event : null;
  const probe = stockFlow.echoOf!(event!, "shopify");
  expect(probe).toEqual({ objectKey: "inventory:gid://shopify/InventoryItem/501@gid://shopify/Location/1", value: { available: 6 } });
  expect((await ledger.get("shop", [probe!.objectKey])).get(probe!.objectKey)?.value).toEqual(probe!.value);
  // Not Shopify's, not an inventory event: never an echo of a stock write.
  expect(stockFlow.echoOf!(event!, "woocommerce")).toBeNull();
});
