import { describe, expect, it } from "vitest";
import { canonicalEventSchema, isThin } from "../../src/events/canonical";
import { shopify } from "../../src/providers/shopify";
import { MalformedPayloadError, type SourceConfig } from "../../src/providers/provider";
import { shopifyCustomer, shopifyOrder, shopifyProduct } from "../support/shopify";

const source: SourceConfig = { tenantId: "acme", sourceId: "shop", provider: "shopify", secrets: [], options: { currency: "eur" } };

const delivery = (raw: string, headers: Headers) => ({
  body: new TextEncoder().encode(raw),
  headers,
  method: "POST",
  url: "https://router.test/webhooks/acme/shop",
  receivedAt: 0,
});

function normalize(topic: string, payload: unknown, webhookId: string | null = "wh-1") {
  const headers = new Headers({ "x-shopify-topic": topic });
  if (webhookId) headers.set("x-shopify-webhook-id", webhookId);
  return shopify.normalize(delivery(JSON.stringify(payload), headers), source);
}

describe("Shopify normalization", () => {
  it("turns orders/create into a valid canonical order with money in minor units", () => {
    const result = normalize("orders/create", shopifyOrder());
    expect(result.outcome).toBe("events");
    if (result.outcome !== "events") return;
    const event = canonicalEventSchema.parse(result.events[0]!.event);
    expect(result.events[0]!.deliveryId).toBe("wh-1");
    expect(event).toMatchObject({
      kind: "order",
      type: "order.created",
      externalId: "5820982911946",
      version: Date.parse("2026-11-20T15:00:00Z"),
    });
    if (event.kind !== "order" || isThin(event.data)) return;
    expect(event.data.total).toEqual({ amount: 4350, currency: "USD" });
    expect(event.data.lines[0]).toMatchObject({
      sku: "MUG-RED",
      quantity: 2,
      unitPrice: { amount: 1200, currency: "USD" },
      discount: { amount: 240, currency: "USD" },
    });
    expect(event.data.customer).toMatchObject({ externalId: "7115310627314", firstName: "Jane" });
    expect(event.data.billingAddress).toMatchObject({ countryCode: "CA", stateCode: "ON", name: "Jane Roe" });
  });

  it("maps each routed topic to its canonical type", () => {
    const cases = [
      ["orders/updated", shopifyOrder(), "order.updated"],
      ["customers/create", shopifyCustomer(), "customer.created"],
      ["customers/update", shopifyCustomer(), "customer.updated"],
      ["products/create", shopifyProduct(), "product.created"],
      ["products/update", shopifyProduct(), "product.updated"],
    ] as const;
    for (const [topic, payload, type] of cases) {
      const result = normalize(topic, payload);
      expect(result.outcome === "events" && canonicalEventSchema.parse(result.events[0]!.event).type).toBe(type);
    }
  });

  it("prices product variants in the source's configured shop currency", () => {
    const result = normalize("products/update", shopifyProduct());
    const event = result.outcome === "events" ? canonicalEventSchema.parse(result.events[0]!.event) : null;
    if (event?.kind !== "product" || isThin(event.data)) throw new Error("not a product");
    expect(event.data.variants.map((v) => [v.sku, v.price])).toEqual([
      ["TEE-S", { amount: 1999, currency: "EUR" }],
      ["TEE-M", { amount: 2100, currency: "EUR" }],
    ]);
  });

  it("ignores a topic that is not routed, without parsing the body", () => {
    const result = shopify.normalize(
      delivery("not json", new Headers({ "x-shopify-topic": "app/uninstalled" })),
      source,
    );
    expect(result).toMatchObject({ outcome: "ignored", topic: "app/uninstalled" });
  });

  it("rejects a routed payload without id or updated_at as malformed", () => {
    expect(() => normalize("orders/create", { name: "#1" })).toThrow(MalformedPayloadError);
    expect(() => normalize("customers/update", { id: 5 })).toThrow(MalformedPayloadError);
  });

  it("derives a stable delivery id from the content when the webhook id header is missing", () => {
    const a = normalize("customers/update", shopifyCustomer(), null);
    const b = normalize("customers/update", shopifyCustomer(), null);
    const key = (n: typeof a) => (n.outcome === "events" ? n.events[0]!.deliveryId : null);
    expect(key(a)).toBeTruthy();
    expect(key(a)).toBe(key(b));
  });
});

it("keeps 64-bit Shopify ids exact (beyond JavaScript's 2^53)", () => {
  const raw = '{"id":820982911946154508,"updated_at":"2026-11-20T10:00:00Z","email":"x@example.test"}';
  const result = shopify.normalize(
    delivery(raw, new Headers({ "x-shopify-topic": "customers/update" })),
    source,
  );
  expect(result.outcome === "events" && result.events[0]!.event.externalId).toBe("820982911946154508");
});

it("normalizes refunds/create into a refund of the order and inventory_levels/update into an inventory level", () => {
  const refund = normalize("refunds/create", {
    id: 509562969,
    order_id: 450789469,
    created_at: "2026-11-20T10:00:00-05:00",
    processed_at: "2026-11-20T10:00:00-05:00",
    note: "wrong size",
    transactions: [
      { id: 179259969, parent_id: 801038806, amount: "41.94", currency: "USD", kind: "refund", status: "success" },
    ],
  });
  expect(refund.outcome === "events" && canonicalEventSchema.parse(refund.events[0]!.event)).toMatchObject({
    kind: "refund",
    type: "refund.created",
    externalId: "509562969",
    data: {
      amount: { amount: 4194, currency: "USD" },
      order: { kind: "order", externalId: "450789469" },
      payment: { kind: "payment", externalId: "801038806" },
      reason: "wrong size",
    },
  });

  const level = normalize("inventory_levels/update", {
    inventory_item_id: 271878346596884000,
    location_id: 24826418,
    available: 6,
    updated_at: "2026-11-20T10:00:00-05:00",
  });
  expect(level.outcome === "events" && level.events[0]!.event).toMatchObject({
    kind: "inventory",
    externalId: "271878346596884000@24826418",
    data: { available: 6, locationId: "24826418" },
  });
});
