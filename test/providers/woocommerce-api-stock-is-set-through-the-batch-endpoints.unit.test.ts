// WooCommerce stock writes against the fake: products and variations are found by SKU in one call
// (a SKU search covers variations), and stock_quantity with manage_stock goes through the products
// and per-parent variations batch endpoints; a refused item is reported, not hidden.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { woocommerceApi, wooSetStock, wooStockItemsBySku } from "../../src/providers/woocommerce-api";
import * as wooFake from "../support/provider-fakes/woocommerce.mjs";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";

const fakeFetch = (input: RequestInfo | URL, init?: RequestInit) => wooFake.fetch(new Request(input, init));

async function shop() {
  const host = `https://${uniqueId("stock")}.woo.test`;
  await wooFake.fetch(
    new Request(`${host}/__fake/seed`, {
      method: "POST",
      body: JSON.stringify({
        consumerKey: "ck_stock",
        consumerSecret: "cs_stock",
        products: [
          { id: 10, type: "simple", sku: "MUG-RED", manage_stock: false, stock_quantity: null, date_modified_gmt: "2026-12-01T00:00:00" },
          { id: 20, type: "variable", sku: "TEE", manage_stock: false, stock_quantity: null, date_modified_gmt: "2026-12-01T00:00:00" },
        ],
        variations: [{ id: 21, parent_id: 20, sku: "TEE-M", manage_stock: true, stock_quantity: 2 }],
      }),
    }),
  );
  const session = createApiSession({ api: woocommerceApi, credentials: { consumerKey: "ck_stock", consumerSecret: "cs_stock", baseUrl: host }, gate: openGate(), fetch: fakeFetch });
  const stock = async () => (await wooFake.fetch(new Request(`${host}/__fake/stock`))).json() as Promise<{ products: Record<string, number | null>; variations: Record<string, number | null>; batchCalls: number }>;
  return { session, stock };
}

describe("WooCommerce stock", () => {
  it("finds products and variations by SKU in one call", async () => {
    const { session } = await shop();
    const found = await wooStockItemsBySku(session, ["MUG-RED", "TEE-M", "NONE"]);
    expect(found.get("MUG-RED")).toEqual([{ id: 10, parentId: null, sku: "MUG-RED", stockQuantity: null, manageStock: false }]);
    expect(found.get("TEE-M")).toEqual([{ id: 21, parentId: 20, sku: "TEE-M", stockQuantity: 2, manageStock: true }]);
    expect(found.has("NONE")).toBe(false);
  });

  it("sets managed stock on products and variations, one batch call per endpoint, and reports refused items", async () => {
    const { session, stock } = await shop();
    const results = await wooSetStock(session, [
      { id: 10, parentId: null, quantity: 7 },
      { id: 21, parentId: 20, quantity: 0 },
      { id: 99, parentId: null, quantity: 1 },
    ]);
    expect(Object.fromEntries(results)).toEqual({
      10: { ok: true },
      21: { ok: true },
      99: { ok: false, error: "woocommerce_rest_product_invalid_id: Invalid ID." },
    });
    const after = await stock();
    expect(after.products["10"]).toBe(7);
    expect(after.variations["21"]).toBe(0);
    expect(after.batchCalls).toBe(2);
  });
});
