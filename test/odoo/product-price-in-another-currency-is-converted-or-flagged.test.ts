import { describe, expect, it } from "vitest";
import { attemptDetail, createTenant, odooSearchRead, putRouting, waitForStatus } from "../support/router";
import { addWooSource, postWoo } from "../support/woocommerce";
import product from "../fixtures/woocommerce/product-simple.json";

type Product = { list_price: number; default_code: string };

// The emulated company currency is USD, with 0.9 EUR per USD; the store sells in EUR at 21.99.
describe("a product priced in EUR for a USD company (list_price is in the company currency)", () => {
  it('is converted at Odoo\'s rate by default (productPriceCurrency "convert")', async () => {
    const t = await createTenant({ odooVersion: "18.0" });
    await addWooSource(t, "EUR");
    const event = await waitForStatus(t, await postWoo(t, "product.created", product), ["delivered", "dead"]);
    expect(event.error).toBeNull();
    const [saved] = await odooSearchRead<Product>(t, "product.product", ["list_price", "default_code"]);
    expect(saved!.list_price).toBe(24.43); // 21.99 / 0.9
    expect(String(attemptDetail(event).prices)).toContain("converted to 24.43 USD");
  });

  it('is not written, and the audit says so, with productPriceCurrency "flag"', async () => {
    const t = await createTenant({ odooVersion: "19.0" });
    await addWooSource(t, "EUR");
    await putRouting(t, { productPriceCurrency: "flag" });
    const event = await waitForStatus(t, await postWoo(t, "product.created", product), ["delivered", "dead"]);
    expect(event.error).toBeNull();
    const [saved] = await odooSearchRead<Product>(t, "product.product", ["list_price"]);
    expect(saved!.list_price).toBe(1); // Odoo's default Sales Price: the EUR amount is not taken for USD
    expect(String(attemptDetail(event).prices)).toContain("price 21.99 EUR not written");
  });
});
