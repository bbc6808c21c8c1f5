// The price writes of the WooCommerce client against the WooCommerce fake: products and
// variations found by SKU, one batch per parent, per-item errors classed, replays idempotent.
import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { woocommerceApi, wooItemsBySku, wooSetRegularPrices, wooShopCurrency } from "../../src/providers/woocommerce-api";
import * as wooFake from "../support/provider-fakes/woocommerce.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

async function shop() {
  const host = `https://${uniqueId("price")}.woo.test`;
  await control(wooFake, `${host}/__fake/seed`, {
    consumerKey: "ck_p",
    consumerSecret: "cs_p",
    currency: "EUR",
    products: [
      { id: 10, type: "simple", sku: "MUG", regular_price: "9.00", price: "9.00", date_modified_gmt: "2026-11-01T00:00:00" },
      { id: 20, type: "variable", sku: "TEE", regular_price: "", price: "19.00", date_modified_gmt: "2026-11-01T00:00:00" },
    ],
    variations: [{ id: 21, parent_id: 20, sku: "TEE-M", regular_price: "19.00", price: "19.00" }],
  });
  const session = sessionOn(wooFake, woocommerceApi, { consumerKey: "ck_p", consumerSecret: "cs_p", baseUrl: host });
  const webhooks = () => control<{ topic: string; body: { id: number } }[]>(wooFake, `${host}/__fake/webhooks`);
  return { session, webhooks };
}

describe("WooCommerce client: regular prices", () => {
  it("finds products and variations by SKU and sets their regular price once", async () => {
    const { session, webhooks } = await shop();
    expect(await wooShopCurrency(session)).toBe("EUR");
    expect(await wooItemsBySku(session, "TEE-M")).toEqual([{ id: 21, parentId: 20, sku: "TEE-M", regularPrice: "19.00" }]);
    expect(await wooItemsBySku(session, "MUG")).toEqual([{ id: 10, parentId: null, sku: "MUG", regularPrice: "9.00" }]);

    const items = [
      { id: 10, parentId: null, regularPrice: "9.50" },
      { id: 21, parentId: 20, regularPrice: "21.00" },
    ];
    expect(await wooSetRegularPrices(session, items)).toMatchObject({ written: [10, 21], failed: null });
    const replay = await wooSetRegularPrices(session, items);
    expect(replay).toMatchObject({ written: [10, 21], failed: null });
    // The product's version after the write: what its product.updated webhook carries.
    expect(replay.modifiedAt.get(10)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    // One product.updated per changed product (a variation's parent), none for the replay.
    expect((await webhooks()).map((w) => [w.topic, w.body.id])).toEqual([["product.updated", 10], ["product.updated", 20]]);
    expect((await wooItemsBySku(session, "TEE-M"))[0]!.regularPrice).toBe("21.00");
  });

  it("reports an item the shop does not know as not_found, after writing the others", async () => {
    const { session } = await shop();
    const { written, failed } = await wooSetRegularPrices(session, [
      { id: 10, parentId: null, regularPrice: "8.00" },
      { id: 99, parentId: null, regularPrice: "8.00" },
    ]);
    expect(written).toEqual([10]);
    expect(failed).toBeInstanceOf(ProviderApiError);
    expect(failed!.category).toBe("not_found");
    expect(failed!.message).toContain("woocommerce_rest_product_invalid_id");
  });
});
