import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooRecords, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

it("a new customer and two of its orders written at the same time make one partner and one product per SKU", async () => {
  const t = await createTenant();
  // Hold the first partner create in Odoo so the three writes overlap.
  await injectOdooFaults(t, [{ kind: "slow", model: "res.partner", method: "create", delayMs: 1000, times: 1 }]);
  const customer = shopifyCustomer({ id: 7115310627314, email: "jane.roe@example.test" });
  const replies = await Promise.all([
    postShopify(t, "customers/create", customer),
    postShopify(t, "orders/create", shopifyOrder()),
    postShopify(t, "orders/create", shopifyOrder({ id: 5820982911999, name: "#1002" })),
  ]);
  const ids = await Promise.all(replies.map(async (r) => ((await r.json()) as { eventId: string }).eventId));
  for (const id of ids) expect((await waitForStatus(t, id, ["delivered", "dead"], 25_000)).status).toBe("delivered");

  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
  expect(await odooRecords(t, "sale.order")).toHaveLength(2);
  const products = await odooSearchRead<{ default_code: string }>(t, "product.product", ["default_code"]);
  expect(products.map((p) => p.default_code).sort()).toEqual(["MUG-RED", "TEE-M"]);
});
