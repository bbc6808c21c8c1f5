import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

const elsewhere = {
  first_name: "Jane",
  last_name: "Roe",
  address1: "99 Warehouse Way",
  city: "Toronto",
  zip: "M5V 2T6",
  province_code: "ON",
  country_code: "CA",
};

it("a shipping address other than the customer's becomes one delivery contact under the customer, reused by later orders", async () => {
  const t = await createTenant();
  for (const [id, name] of [[5820982911101, "#3001"], [5820982911102, "#3002"]] as const) {
    const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder({ id, name, shipping_address: elsewhere }))).json()) as {
      eventId: string;
    };
    expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
  }
  const partners = await odooSearchRead<{ id: number; type: string; parent_id: [number, string] | false; street: string }>(t, "res.partner", [
    "type",
    "parent_id",
    "street",
  ]);
  const customer = partners.find((p) => !p.parent_id)!;
  const delivery = partners.filter((p) => p.type === "delivery");
  expect(delivery).toEqual([expect.objectContaining({ parent_id: [customer.id, expect.any(String)], street: "99 Warehouse Way" })]);
  // The billing address is the customer's own: no invoice contact.
  expect(partners.filter((p) => p.type === "invoice")).toEqual([]);
  const orders = await odooSearchRead<{ partner_id: [number, string]; partner_invoice_id: [number, string]; partner_shipping_id: [number, string] }>(
    t,
    "sale.order",
    ["partner_id", "partner_invoice_id", "partner_shipping_id"],
  );
  expect(orders).toHaveLength(2);
  for (const order of orders) {
    expect(order.partner_id[0]).toBe(customer.id);
    expect(order.partner_invoice_id[0]).toBe(customer.id);
    expect(order.partner_shipping_id[0]).toBe(delivery[0]!.id);
  }
});
