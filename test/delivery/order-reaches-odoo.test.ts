import { expect, it } from "vitest";
import { createTenant, odooRecords, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("a signed orders/create becomes a sale.order with its partner, products and lines, and a full timeline", async () => {
  const t = await createTenant();
  const response = await postShopify(t, "orders/create", shopifyOrder());
  const { eventId } = (await response.json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event.status).toBe("delivered");
  expect(event.odoo).toMatchObject({ model: "sale.order", id: expect.any(Number) });
  expect(event.timeline?.map((e) => e.step)).toEqual(["received", "verified", "ordered", "queued", "odoo_attempt", "delivered"]);

  const [order] = await odooRecords<Record<string, unknown>>(t, "sale.order");
  expect(order).toMatchObject({ id: event.odoo!.id, client_order_ref: "#1001", origin: "shop:5820982911946" });
  const partners = await odooRecords<Record<string, unknown>>(t, "res.partner");
  expect(partners).toEqual([expect.objectContaining({ name: "Jane Roe", email: "jane.roe@example.test", ref: "shop:7115310627314" })]);
  const products = await odooSearchRead<{ default_code: string }>(t, "product.product", ["default_code"]);
  expect(products.map((p) => p.default_code).sort()).toEqual(["MUG-RED", "TEE-M"]);
  const lines = await odooRecords<Record<string, unknown>>(t, "sale.order.line");
  expect(lines.map((l) => [l.product_uom_qty, l.price_unit, l.discount])).toEqual([
    [2, 12, 10],
    [1, 19.5, 0],
  ]);
});
