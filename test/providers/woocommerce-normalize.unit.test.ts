import { describe, expect, it } from "vitest";
import { canonicalEventSchema, isThin, type CanonicalEvent } from "../../src/events/canonical";
import { woocommerce } from "../../src/providers/woocommerce";
import { MalformedPayloadError, type SourceConfig } from "../../src/providers/provider";
import order from "../fixtures/woocommerce/order.json";
import customer from "../fixtures/woocommerce/customer.json";
import simpleProduct from "../fixtures/woocommerce/product-simple.json";
import variableProduct from "../fixtures/woocommerce/product-variable.json";

const source: SourceConfig<{ currency?: string }> = { tenantId: "acme", sourceId: "woo", provider: "woocommerce", secrets: [], options: { currency: "usd" } };
const RECEIVED_AT = Date.parse("2026-11-20T12:00:00Z");

function normalize(topic: string, payload: unknown, webhookId = "7") {
  return woocommerce.normalize(
    {
      body: new TextEncoder().encode(typeof payload === "string" ? payload : JSON.stringify(payload)),
      headers: new Headers({ "x-wc-webhook-topic": topic, "x-wc-webhook-id": webhookId, "x-wc-webhook-delivery-id": crypto.randomUUID() }),
      method: "POST",
      url: "https://router.test/webhooks/acme/woo",
      receivedAt: RECEIVED_AT,
    },
    source,
  );
}

function single(topic: string, payload: unknown) {
  const result = normalize(topic, payload);
  if (result.outcome !== "events") throw new Error(`not normalized: ${JSON.stringify(result)}`);
  expect(result.events).toHaveLength(1);
  const [{ deliveryId, event }] = result.events as [{ deliveryId: string; event: CanonicalEvent }];
  return { deliveryId, event: canonicalEventSchema.parse(event) };
}

describe("WooCommerce normalization (REST API v3 examples)", () => {
  it("turns the documented guest order into a canonical order: lines, discount, addresses, no customer", () => {
    const { deliveryId, event } = single("order.created", order);
    expect(event).toMatchObject({
      kind: "order",
      type: "order.created",
      externalId: "727",
      action: "upsert",
      version: Date.parse("2017-03-22T19:28:08Z"), // date_modified_gmt is UTC without its "Z"
      occurredAt: "2017-03-22T19:28:08.000Z",
    });
    // The delivery id header changes per attempt: the key is webhook id + topic + id + version.
    expect(deliveryId).toBe(`7:order.created:727:${Date.parse("2017-03-22T19:28:08Z")}`);
    if (event.kind !== "order" || isThin(event.data)) throw new Error("not an order");
    expect(event.data).toMatchObject({
      name: "#727",
      currency: "USD",
      email: "john.doe@example.test",
      customer: null, // customer_id 0: a guest checkout
      total: { amount: 2935, currency: "USD" },
      financialStatus: "paid",
      cancelledAt: null,
      createdAt: "2017-03-22T19:28:02.000Z",
    });
    expect(event.data.billingAddress).toMatchObject({ name: "John Doe", street: "1 Sample Street", city: "San Francisco", zip: "94103", stateCode: "CA", countryCode: "US", phone: "(555) 555-5555" });
    expect(event.data.shippingAddress).toMatchObject({ countryCode: "US", phone: null });
    expect(event.data.lines).toEqual([
      {
        externalId: "315",
        productExternalId: "93",
        variantExternalId: "93", // a simple product is its own variant
        sku: null,
        title: "Woo Single #1",
        quantity: 2,
        unitPrice: { amount: 300, currency: "USD" },
        discount: { amount: 0, currency: "USD" },
      },
      {
        externalId: "316",
        productExternalId: "22",
        variantExternalId: "23",
        sku: "Bar3",
        title: "Ship Your Idea \u2013 Color: Black, Size: M Test", // "&ndash;" decoded
        quantity: 1,
        unitPrice: { amount: 1200, currency: "USD" },
        discount: { amount: 0, currency: "USD" },
      },
    ]);
  });

  it("refers a registered buyer's order to the customer (customer_id) and prices discounted lines before discount", () => {
    const discounted = {
      ...order,
      customer_id: 25,
      status: "on-hold",
      date_paid_gmt: null,
      line_items: [{ ...order.line_items[0], quantity: 3, subtotal: "10.00", total: "7.00", price: 2.3333333333 }],
    };
    const { event } = single("order.updated", discounted);
    if (event.kind !== "order" || isThin(event.data)) throw new Error("not an order");
    expect(event.type).toBe("order.updated");
    expect(event.data.customer).toMatchObject({ externalId: "25", email: "john.doe@example.test", firstName: "John", lastName: "Doe" });
    expect(event.data.financialStatus).toBe("pending");
    expect(event.data.lines[0]).toMatchObject({ quantity: 3, unitPrice: { amount: 333 }, discount: { amount: 300 } });
  });

  it("marks a cancelled order with its modification time", () => {
    const { event } = single("order.updated", { ...order, status: "cancelled" });
    expect(event.kind === "order" && !isThin(event.data) && event.data.cancelledAt).toBe("2017-03-22T19:28:08.000Z");
  });

  it("turns the documented customer into a canonical customer from its billing block", () => {
    const { event, deliveryId } = single("customer.created", customer);
    expect(deliveryId).toBe(`7:customer.created:25:${Date.parse("2017-03-21T19:09:30Z")}`);
    expect(event).toMatchObject({ kind: "customer", type: "customer.created", externalId: "25" });
    expect(event.data).toMatchObject({
      email: "john.doe@example.test",
      firstName: "John",
      lastName: "Doe",
      phone: "(555) 555-5555",
      company: null,
      address: { street: "1 Sample Street", city: "San Francisco", countryCode: "US", stateCode: "CA" },
    });
  });

  it("makes a simple product one variant with the product's own id, SKU and price, in the source currency", () => {
    const { event } = single("product.created", { ...simpleProduct, sku: "PREMIUM-Q" });
    expect(event).toMatchObject({ kind: "product", type: "product.created", externalId: "794", version: Date.parse("2017-03-23T20:01:14Z") });
    expect(event.data).toEqual({
      title: "Premium Quality",
      vendor: null,
      productType: "Clothing", // first category (WooCommerce's `type` is structure: simple)
      active: true,
      variants: [{ externalId: "794", sku: "PREMIUM-Q", barcode: null, title: null, price: { amount: 2199, currency: "USD" } }],
    });
  });

  it("keeps a variable product as its own single variant (its variations are ids only in the payload)", () => {
    const { event } = single("product.updated", { ...variableProduct, variations: [800, 801] });
    if (event.kind !== "product" || isThin(event.data)) throw new Error("not a product");
    expect(event.data.variants).toEqual([{ externalId: "799", sku: null, barcode: null, title: null, price: { amount: 0, currency: "USD" } }]);
  });

  it("turns a `*.deleted` {id} payload into a delete action ordered at receipt", () => {
    for (const [topic, kind] of [["order.deleted", "order"], ["customer.deleted", "customer"], ["product.deleted", "product"]] as const) {
      const { event, deliveryId } = single(topic, { id: 727 });
      expect(event).toMatchObject({ kind, type: `${kind}.deleted`, externalId: "727", action: "delete", version: RECEIVED_AT });
      expect(deliveryId).toBe(`7:${topic}:727:${RECEIVED_AT}`);
    }
  });

  it("routes `*.restored` (the full resource again) as an update", () => {
    expect(single("product.restored", simpleProduct).event.type).toBe("product.updated");
  });

  it("ignores topics it does not route (coupons, custom action topics) without parsing the body", () => {
    expect(normalize("coupon.created", "not json")).toMatchObject({ outcome: "ignored", topic: "coupon.created" });
    expect(normalize("action.woocommerce_add_to_cart", "not json")).toMatchObject({ outcome: "ignored" });
  });

  it("rejects a routed payload without id or modification date as malformed", () => {
    expect(() => normalize("order.created", { number: "1" })).toThrow(MalformedPayloadError);
    expect(() => normalize("customer.updated", { id: 5 })).toThrow(MalformedPayloadError);
    expect(() => normalize("order.created", "[1]")).toThrow(MalformedPayloadError);
  });

  it("derives the same key for a redelivery of the same version, whatever its delivery id", () => {
    const a = normalize("customer.updated", customer);
    const b = normalize("customer.updated", customer);
    const key = (n: typeof a) => (n.outcome === "events" ? n.events[0]!.deliveryId : null);
    expect(key(a)).toBe(key(b));
    expect(key(normalize("customer.updated", { ...customer, date_modified_gmt: "2017-03-21T19:09:31" }))).not.toBe(key(a));
  });
});
