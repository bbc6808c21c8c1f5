// Shopify stock writes (inventorySetQuantities, API 2026-10) against the fake: the quantity is set
// only from the quantity the router says Shopify holds; a stale one sets nothing and says so; a set
// makes Shopify send inventory_levels/update (the echo the stock flow recognises).
import { describe, expect, it } from "vitest";
import { SHOPIFY_GRAPHQL_PATH, shopifyAvailableAt, shopifyInventoryItemFor, shopifySetAvailable } from "../../src/providers/shopify-api";
import { shopInventory, shopSession, stockedShop, TOKEN } from "../support/shopify-inventory";
import { shopifyFakeFetch } from "../support/shopify-graphql";

const ITEM = "gid://shopify/InventoryItem/501";
const LOCATION = "gid://shopify/Location/1";
const set = (quantity: number, changeFromQuantity: number | null, idempotencyKey: string) => ({
  inventoryItemId: ITEM, locationId: LOCATION, quantity, changeFromQuantity, idempotencyKey, referenceDocumentUri: "gid://odoo-router/OutboundEvent/e1",
});

describe("Shopify inventorySetQuantities", () => {
  it("finds the item by SKU, else by barcode, and refuses to guess between variants sharing a SKU", async () => {
    const shop = await stockedShop([
      { legacyResourceId: "11", sku: "MUG-RED", barcode: "400001", inventoryItemId: "501", levels: { 1: 4 } },
      { legacyResourceId: "12", sku: "DUP", inventoryItemId: "502", levels: {} },
      { legacyResourceId: "13", sku: "DUP", inventoryItemId: "503", levels: {} },
    ]);
    const session = shopSession(shop);
    expect(await shopifyInventoryItemFor(session, { sku: "MUG-RED", barcode: null })).toEqual({ inventoryItemId: ITEM, variantId: "gid://shopify/ProductVariant/11" });
    expect(await shopifyInventoryItemFor(session, { sku: "UNKNOWN", barcode: "400001" })).toMatchObject({ inventoryItemId: ITEM });
    expect(await shopifyInventoryItemFor(session, { sku: "DUP", barcode: null })).toBe("ambiguous");
    expect(await shopifyInventoryItemFor(session, { sku: "NONE", barcode: null })).toBeNull();
    expect(await shopifyAvailableAt(session, ITEM, LOCATION)).toBe(4);
    expect(await shopifyAvailableAt(session, ITEM, "gid://shopify/Location/9")).toBeNull();
  });

  it("sets from the held quantity, refuses a stale one without applying it, and sends the echo webhook", async () => {
    const shop = await stockedShop([{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 4 } }]);
    const session = shopSession(shop);

    expect(await shopifySetAvailable(session, set(9, 3, "k-stale"))).toBe("stale");
    expect((await shopInventory(shop)).levels).toEqual({ "501@1": 4 });

    expect(await shopifySetAvailable(session, set(9, 4, "k-set"))).toBe("set");
    const after = await shopInventory(shop);
    expect(after.levels).toEqual({ "501@1": 9 });
    expect(after.webhooks).toEqual([
      {
        topic: "inventory_levels/update",
        body: expect.objectContaining({ inventory_item_id: 501, location_id: 1, available: 9 }),
      },
    ]);
  });

  it("on 2026-10 a quantity without changeFromQuantity is refused (required since 2026-04)", async () => {
    const shop = await stockedShop([{ legacyResourceId: "11", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 4 } }]);
    const response = await shopifyFakeFetch(`https://${shop}${SHOPIFY_GRAPHQL_PATH}`, {
      method: "POST",
      headers: { "x-shopify-access-token": TOKEN, "content-type": "application/json" },
      body: JSON.stringify({
        query: 'mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "k1") { userErrors { code } } }',
        variables: { input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: ITEM, locationId: LOCATION, quantity: 1 }] } },
      }),
    });
    const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.[0]?.extensions.code).toBe("INVALID_VARIABLE");
    expect((await shopInventory(shop)).levels).toEqual({ "501@1": 4 });
  });
});
