import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { standardWebhooks } from "../../src/providers/standard-webhooks";
import { MalformedPayloadError, type Normalized } from "../../src/providers/provider";
import fullContact from "../fixtures/standard-webhooks/contact.created.full.json?raw";
import thinContact from "../fixtures/standard-webhooks/contact.created.thin.json?raw";
import bigcommerce from "../fixtures/standard-webhooks/bigcommerce.store-customer-created.json?raw";

const MSG = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const ATTEMPT = 1674087231; // the spec's example webhook-timestamp

function normalize(raw: string, options: Record<string, unknown>, headers: Record<string, string> = {}): Normalized {
  return standardWebhooks.normalize(
    {
      body: new TextEncoder().encode(raw),
      headers: new Headers({ "webhook-id": MSG, "webhook-timestamp": String(ATTEMPT), "webhook-signature": "v1,x", ...headers }),
      method: "POST",
      url: "https://router.test/webhooks/acme/svix",
      receivedAt: 0,
    },
    { tenantId: "acme", sourceId: "svix", provider: "standard-webhooks", secrets: [], options: standardWebhooks.optionsSchema.parse(options) },
  );
}
function only(result: Normalized) {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  expect(result.events).toHaveLength(1);
  return { deliveryId: result.events[0]!.deliveryId, event: canonicalEventSchema.parse(result.events[0]!.event) };
}

describe("Standard Webhooks normalization (spec and BigCommerce examples)", () => {
  it("a full payload with a customer field mapping becomes a canonical customer, deduped by webhook-id", () => {
    const { deliveryId, event } = only(
      normalize(fullContact, {
        eventTypes: {
          "contact.created": { kind: "customer", idPath: "data.id", fields: { lastName: "data.fullName", phone: "data.phoneNumber", street: "data.address" } },
        },
      }),
    );
    expect(deliveryId).toBe(MSG);
    expect(event).toMatchObject({
      provider: "standard-webhooks",
      kind: "customer",
      type: "customer.created",
      topic: "contact.created",
      externalId: "1f81eb52-5198-4599-803e-771906343485",
      action: "upsert",
    });
    expect(event.data).toEqual({
      email: null,
      firstName: null,
      lastName: "John Smith",
      phone: "(555) 010-0175",
      company: null,
      address: expect.objectContaining({ name: "John Smith", street: "1 Example Road, Springfield, TX 77598, USA", countryCode: null }),
    });
  });

  it("without versionPath the version is the body's event time, not the attempt's webhook-timestamp (renewed on retries)", () => {
    const options = { eventTypes: { "contact.created": { kind: "customer", idPath: "data.id" } } };
    const first = only(normalize(thinContact, options));
    const retry = only(normalize(thinContact, options, { "webhook-timestamp": String(ATTEMPT + 3600) }));
    expect(first.event.version).toBe(Date.parse("2022-11-03T20:26:10.344522Z"));
    expect(retry.event.version).toBe(first.event.version);
    expect(first.event.occurredAt).toBe("2022-11-03T20:26:10.344Z");
  });

  it("falls back to webhook-timestamp (ms) only when the body has no event time", () => {
    const raw = JSON.stringify({ type: "contact.updated", data: { id: "c1" } });
    const { event } = only(normalize(raw, { eventTypes: { "contact.updated": { kind: "customer", idPath: "data.id" } } }));
    expect(event.version).toBe(ATTEMPT * 1000);
  });

  it("a route without fields produces a thin event naming the sender's event type", () => {
    const { event } = only(normalize(thinContact, { eventTypes: { "contact.created": { kind: "customer", idPath: "data.id" } } }));
    expect(event.data).toEqual({ thin: true, operation: "contact.created", resource: "customer" });
  });

  it("BigCommerce: type from scope, dedup by hash, version from created_at, thin customer", () => {
    const { deliveryId, event } = only(
      normalize(bigcommerce, {
        typePath: "scope",
        deliveryIdPath: "hash",
        eventTypes: { "store/customer/created": { kind: "customer", idPath: "data.id", versionPath: "created_at" } },
      }),
    );
    expect(deliveryId).toBe("8768ab15aa86c6d73c7e4c3efbaee072110ad1d2");
    expect(event).toMatchObject({ type: "customer.created", externalId: "32", version: 1561481571, data: { thin: true, operation: "store/customer/created" } });
  });

  it("a product mapping builds one priced variant; a delete action is honoured", () => {
    const raw = JSON.stringify({ type: "item.deleted", timestamp: "2026-11-20T10:00:00Z", data: { id: 7, name: "Mug", price: "12.50", currency: "eur", state: "archived" } });
    const { event } = only(
      normalize(raw, {
        eventTypes: {
          "item.deleted": {
            kind: "product",
            idPath: "data.id",
            action: "delete",
            fields: { title: "data.name", price: "data.price", currency: "data.currency", active: "data.state" },
          },
        },
      }),
    );
    expect(event).toMatchObject({ kind: "product", type: "product.deleted", externalId: "7", action: "delete" });
    expect(event.data).toEqual({
      title: "Mug",
      vendor: null,
      productType: null,
      active: false,
      variants: [{ externalId: "7", sku: null, barcode: null, title: null, price: { amount: 1250, currency: "EUR" } }],
    });
  });

  it("ignores unrouted or untyped messages with their message id; a routed message without its id is malformed", () => {
    const options = { eventTypes: { "contact.created": { kind: "customer", idPath: "data.id" } } };
    expect(normalize(JSON.stringify({ type: "contact.merged", data: {} }), options)).toEqual({
      outcome: "ignored",
      deliveryId: MSG,
      topic: "contact.merged",
      reason: 'event type "contact.merged" is not routed',
    });
    expect(normalize(JSON.stringify({ data: {} }), options)).toMatchObject({ outcome: "ignored", reason: 'no event type at "type"' });
    expect(() => normalize(JSON.stringify({ type: "contact.created", data: {} }), options)).toThrow(MalformedPayloadError);
    expect(() => normalize("not json", options)).toThrow(MalformedPayloadError);
  });
});
