import { expect, it } from "vitest";
import { ODOO_API_KEY, createTenant, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyProduct } from "../support/shopify";

it("a product already in Odoo under its barcode is updated, not duplicated, when the provider's variant has no known SKU there", async () => {
  const t = await createTenant();
  const created = await fetch(`${t.odooUrl}/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0", method: "call", id: 1,
      params: { service: "object", method: "execute_kw", args: ["acme", 2, ODOO_API_KEY, "product.product", "create", [{ name: "Tee (from the warehouse)", barcode: "0123456789012" }]] },
    }),
  });
  const existingId = ((await created.json()) as { result: number }).result;

  const product = shopifyProduct({
    variants: [{ id: 42642667041472, title: "Small", sku: "TEE-S", barcode: "0123456789012", price: "19.99" }],
  });
  const posted = await postShopify(t, "products/create", product);
  const event = await waitForStatus(t, ((await posted.json()) as { eventId: string }).eventId, ["delivered", "dead"]);
  expect(event.status).toBe("delivered");
  const products = await odooSearchRead<{ id: number; default_code: string; barcode: string }>(t, "product.product", ["default_code", "barcode"]);
  expect(products).toEqual([expect.objectContaining({ id: existingId, default_code: "TEE-S", barcode: "0123456789012" })]);
});
