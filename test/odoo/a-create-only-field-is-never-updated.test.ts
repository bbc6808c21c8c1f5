import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyProduct } from "../support/shopify";

const deliver = async (t: Awaited<ReturnType<typeof createTenant>>, topic: string, body: unknown) => {
  const { eventId } = (await (await postShopify(t, topic, body)).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
};

it("a create-only field (product prices, set on the template) is set when the product is created and not changed by later updates", async () => {
  const t = await createTenant();
  await putRouting(t, { ownership: { "product.template": { list_price: "create-only" } } });
  await deliver(t, "products/create", shopifyProduct());
  const variant = (price: string) => [
    { id: 42642667041472, title: "Small", sku: "TEE-S", barcode: null, price },
    { id: 42757650484644, title: "Medium", sku: "TEE-M", barcode: null, price },
  ];
  await deliver(t, "products/update", shopifyProduct({ title: "Renamed T-Shirt", variants: variant("99.00"), updated_at: "2026-11-03T00:00:00Z" }));

  const products = await odooSearchRead<{ name: string; default_code: string; list_price: number }>(t, "product.product", ["name", "default_code", "list_price"]);
  expect(products.map((p) => [p.default_code, p.name, p.list_price])).toEqual([
    ["TEE-S", "Renamed T-Shirt (Small)", 19.99],
    ["TEE-M", "Renamed T-Shirt (Medium)", 21],
  ]);
});
