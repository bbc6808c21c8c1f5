import { expect, it } from "vitest";
import { priceFlow } from "../../src/outbound/flows/price";
import { woocommerceApi } from "../../src/providers/woocommerce-api";
import { memoryLedger } from "../support/memory-ledger";
import { fakeSession, outboundContext } from "../support/outbound-flow-context";
import { createTenant, odooExecute } from "../support/router";
import { uniqueId } from "../support/shopify";

it("a price changed in Odoo reaches the WooCommerce variation with its SKU, in one batch of its parent, once", async () => {
  const t = await createTenant({ odooVersion: "16.0" });
  const templateId = await odooExecute<number>(t, "product.template", "create", [{ name: "T-Shirt M", default_code: "TEE-M", list_price: 19 }]);
  const [productId] = await odooExecute<number[]>(t, "product.product", "search", [[["product_tmpl_id", "=", templateId]]]);

  const site = `https://${uniqueId("woo")}.woo.test`;
  await fetch(`${site}/__fake/seed`, {
    method: "POST",
    body: JSON.stringify({
      consumerKey: "ck_o",
      consumerSecret: "cs_o",
      currency: "USD",
      products: [{ id: 20, type: "variable", sku: "TEE", regular_price: "", price: "19.00", date_modified_gmt: "2026-11-01T00:00:00" }],
      variations: [{ id: 21, parent_id: 20, sku: "TEE-M", regular_price: "19.00", price: "19.00" }],
    }),
  });
  const targets = [{ sourceId: "woo", provider: "woocommerce", session: fakeSession(woocommerceApi, { consumerKey: "ck_o", consumerSecret: "cs_o", baseUrl: site }) }];
  const ledger = memoryLedger();
  const send = () => priceFlow.send(outboundContext(t, { flow: "price", externalId: String(productId), model: "product.template", targets, odooVersion: 16, ledger }));
  const counters = async () => (await (await fetch(`${site}/__fake/counters`)).json()) as { byPath: Record<string, number> };

  await odooExecute(t, "product.template", "write", [[templateId], { list_price: 22.9 }]);
  expect((await send()).writes).toEqual([{ to: "woo", provider: "woocommerce", objectKey: "regular-price:21", value: { price: "22.90" }, status: "sent", link: "21" }]);
  expect((await send()).writes.map((w) => w.status)).toEqual(["unchanged"]);
  expect((await counters()).byPath["/wp-json/wc/v3/products/20/variations/batch"]).toBe(1);
  const webhooks = (await (await fetch(`${site}/__fake/webhooks`)).json()) as { topic: string; body: { id: number } }[];
  expect(webhooks.map((w) => [w.topic, w.body.id])).toEqual([["product.updated", 20]]);
});
