import { expect, it } from "vitest";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

const line = (id: number, sku: string) => ({ id, product_id: id + 1, variant_id: id + 2, sku, name: sku, title: sku, quantity: 1, price: "10.00", total_discount: "0.00" });
const elsewhere = { first_name: "Jane", last_name: "Roe", address1: "99 Warehouse Way", city: "Toronto", zip: "M5V 2T6", province_code: "ON", country_code: "CA" };

/**
 * An order of 3 lines with a new customer, a delivery address of its own and a shipping line
 * creates 7 records (customer, delivery contact, 3 products, shipping product, the order). Locked
 * one at a time through their entity objects, that was 6 x (lock + unlock) = 12 round trips, one
 * after another; now one hold and one release.
 */
it("an order of three lines creating its customer, address, products and shipping product makes two lock calls; its update none", async () => {
  const t = await createTenant();
  const order = shopifyOrder({
    line_items: [line(100, "SKU-A"), line(200, "SKU-B"), line(300, "SKU-C")],
    shipping_address: elsewhere,
    shipping_lines: [{ id: 1, title: "Standard Shipping", price: "5.00" }],
  });
  const created = ((await (await postShopify(t, "orders/create", order)).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, created, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, created))!)).toMatchObject({ created: true, lockCalls: 2 });
  expect(await odooRecords(t, "product.product")).toHaveLength(4);
  expect(await odooRecords(t, "res.partner")).toHaveLength(2);

  // Everything mapped now: an update links what exists and takes no lock at all.
  const updated = ((await (await postShopify(t, "orders/updated", { ...order, updated_at: "2026-11-20T11:00:00-05:00", note: "gift" })).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, updated, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, updated))!)).not.toHaveProperty("lockCalls");
});
