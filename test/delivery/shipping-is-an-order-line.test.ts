import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("an order's shipping becomes a line on the shipping service product, created once for all orders", async () => {
  const t = await createTenant();
  const shipped = (id: number, name: string) =>
    shopifyOrder({ id, name, shipping_lines: [{ id: 1, title: "Standard Shipping", price: "5.00", discounted_price: "4.50" }] });
  for (const [id, name] of [[5820982911001, "#2001"], [5820982911002, "#2002"]] as const) {
    const { eventId } = (await (await postShopify(t, "orders/create", shipped(id, name))).json()) as { eventId: string };
    expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
  }
  const services = (await odooSearchRead<{ default_code: string; type: string }>(t, "product.product", ["default_code", "type"])).filter(
    (p) => p.default_code === "SHIPPING",
  );
  expect(services).toEqual([expect.objectContaining({ type: "service" })]);
  const lines = await odooSearchRead<{ name: string; price_unit: number; product_uom_qty: number }>(t, "sale.order.line", [
    "name",
    "price_unit",
    "product_uom_qty",
  ]);
  expect(lines.filter((l) => l.name === "Standard Shipping")).toEqual([
    expect.objectContaining({ price_unit: 4.5, product_uom_qty: 1 }),
    expect.objectContaining({ price_unit: 4.5, product_uom_qty: 1 }),
  ]);
});
