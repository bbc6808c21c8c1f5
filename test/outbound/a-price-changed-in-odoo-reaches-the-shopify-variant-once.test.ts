import { expect, it } from "vitest";
import { priceFlow } from "../../src/outbound/flows/price";
import { shopifyApi } from "../../src/providers/shopify-api";
import { memoryLedger } from "../support/memory-ledger";
import { fakeSession, outboundContext } from "../support/outbound-flow-context";
import { createTenant, odooExecute } from "../support/router";
import { uniqueId } from "../support/shopify";
import { graphqlProduct } from "../support/shopify-graphql";

it("a price changed in Odoo reaches the Shopify variant once; a redelivery and a shop in another currency send nothing", async () => {
  const t = await createTenant({ odooVersion: "17.0" });
  const templateId = await odooExecute<number>(t, "product.template", "create", [{ name: "T-Shirt", default_code: "TEE-M", list_price: 21 }]);
  const [productId] = await odooExecute<number[]>(t, "product.product", "search", [[["product_tmpl_id", "=", templateId]]]);

  const shop = `${uniqueId("price")}.myshopify.com`;
  const seed = (body: Record<string, unknown>) => fetch(`https://${shop}/__fake/seed`, { method: "POST", body: JSON.stringify({ accessToken: "shpat_o", ...body }) });
  await seed({ currencyCode: "USD", products: [graphqlProduct()] });
  const targets = [{ sourceId: "shop", provider: "shopify", session: fakeSession(shopifyApi, { shop, accessToken: "shpat_o" }) }];
  const ledger = memoryLedger();
  const context = () => outboundContext(t, { flow: "price", externalId: String(productId), model: "product.template", targets, odooVersion: 17, ledger });
  const webhooks = async () => (await (await fetch(`https://${shop}/__fake/webhooks`)).json()) as { topic: string }[];

  // The sales price changes in Odoo.
  await odooExecute(t, "product.template", "write", [[templateId], { list_price: 24.5 }]);
  const first = await priceFlow.send(context());
  expect(first.writes).toEqual([
    { to: "shop", provider: "shopify", objectKey: "variant-price:gid://shopify/ProductVariant/42757650484644", value: { price: "24.50" }, status: "sent", link: "gid://shopify/ProductVariant/42757650484644" },
  ]);
  const before = (await (await fetch(`https://${shop}/__fake/counters`)).json()) as { calls: number };
  expect((await webhooks()).map((w) => w.topic)).toEqual(["products/update"]);

  // The same change seen again (a poll after the callback, a redelivery): read, compared, not written.
  const again = await priceFlow.send(context());
  expect(again.writes.map((w) => w.status)).toEqual(["unchanged"]);
  expect((await webhooks()).map((w) => w.topic)).toEqual(["products/update"]);
  const after = (await (await fetch(`https://${shop}/__fake/counters`)).json()) as { calls: number };
  expect(after.calls - before.calls).toBe(1); // the lookup only

  // A shop selling in EUR never gets Odoo's USD price.
  await seed({ currencyCode: "EUR" });
  await odooExecute(t, "product.template", "write", [[templateId], { list_price: 30 }]);
  const other = await priceFlow.send(context());
  expect(other.writes).toEqual([
    expect.objectContaining({ status: "skipped", reason: "the shop sells in EUR and Odoo's price is in USD: prices are only sent in the same currency" }),
  ]);
  expect((await webhooks()).length).toBe(1);
});
