import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { genericHmac } from "../../src/providers/generic-hmac";
import { MalformedPayloadError, type Normalized } from "../../src/providers/provider";
import customerCreated from "../fixtures/generic-hmac/woocommerce.customer.created.json?raw";
import customerUpdated from "../fixtures/generic-hmac/woocommerce.customer.updated.json?raw";

/** WooCommerce described as a generic HMAC sender: body-only base64 signature, topic header, no stable delivery id. */
const wooOptions = {
  signatureHeader: "X-WC-Webhook-Signature",
  algorithm: "SHA-256",
  encoding: "base64",
  signedTemplate: "{body}",
  eventTypeHeader: "X-WC-Webhook-Topic",
  routes: {
    "customer.created": {
      kind: "customer",
      idPath: "id",
      versionPath: "date_modified_gmt",
      fields: {
        email: "email",
        firstName: "first_name",
        lastName: "last_name",
        phone: "billing.phone",
        company: "billing.company",
        street: "billing.address_1",
        city: "billing.city",
        zip: "billing.postcode",
        stateCode: "billing.state",
        countryCode: "billing.country",
      },
    },
    "customer.updated": { kind: "customer", idPath: "id", versionPath: "date_modified_gmt" },
    "customer.deleted": { kind: "customer", idPath: "id", versionPath: "date_modified_gmt", action: "delete" },
  },
};

function normalize(raw: string, topic: string, options: Record<string, unknown> = wooOptions, headers: Record<string, string> = {}): Normalized {
  return genericHmac.normalize(
    {
      body: new TextEncoder().encode(raw),
      headers: new Headers({ "x-wc-webhook-topic": topic, "x-wc-webhook-delivery-id": crypto.randomUUID(), ...headers }),
      method: "POST",
      url: "https://router.test/webhooks/acme/woo",
      receivedAt: Date.parse("2026-11-20T10:00:00Z"),
    },
    { tenantId: "acme", sourceId: "woo", provider: "generic-hmac", secrets: [], options: genericHmac.optionsSchema.parse(options) },
  );
}
function only(result: Normalized) {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return { deliveryId: result.events[0]!.deliveryId, event: canonicalEventSchema.parse(result.events[0]!.event) };
}

describe("generic-hmac normalization (WooCommerce REST docs examples)", () => {
  it("maps a routed event with fields to a canonical customer; without a delivery id option the key is kind:id:version", () => {
    const { deliveryId, event } = only(normalize(customerCreated, "customer.created"));
    const version = Date.parse("2017-03-21T19:09:30Z");
    expect(deliveryId).toBe(`customer:25:${version}`);
    expect(event).toMatchObject({
      provider: "generic-hmac",
      kind: "customer",
      type: "customer.created",
      topic: "customer.created",
      externalId: "25",
      version,
      occurredAt: "2017-03-21T19:09:30.000Z",
    });
    expect(event.data).toEqual({
      email: "john.doe@example.test",
      firstName: "John",
      lastName: "Doe",
      phone: "(555) 555-5555",
      company: null,
      address: {
        name: "John Doe",
        company: null,
        street: "969 Market",
        street2: null,
        city: "San Francisco",
        zip: "94103",
        stateCode: "CA",
        countryCode: "US",
        phone: "(555) 555-5555",
      },
    });
  });

  it("a redelivery (new per-attempt delivery id header) keeps the derived key; a later modification gets a higher version", () => {
    const a = only(normalize(customerCreated, "customer.created"));
    const b = only(normalize(customerCreated, "customer.created"));
    expect(b.deliveryId).toBe(a.deliveryId);
    const later = only(normalize(customerUpdated, "customer.updated"));
    expect(later.event.version).toBeGreaterThan(a.event.version);
    expect(later.event.data).toEqual({ thin: true, operation: "customer.updated", resource: "customer" });
  });

  it("uses the configured delivery id header or body path when the sender has a stable one", () => {
    const byHeader = only(normalize(customerCreated, "customer.created", { ...wooOptions, deliveryIdHeader: "X-Event-Id" }, { "x-event-id": "evt-77" }));
    expect(byHeader.deliveryId).toBe("evt-77");
    const byPath = only(normalize(customerCreated, "customer.created", { ...wooOptions, deliveryIdPath: "username" }));
    expect(byPath.deliveryId).toBe("john.doe");
  });

  it("routes by a body path when configured, and honours a fixed delete action", () => {
    const options = { ...wooOptions, eventTypeHeader: undefined, eventTypePath: "meta.event", routes: { "customer.deleted": wooOptions.routes["customer.deleted"] } };
    const raw = JSON.stringify({ meta: { event: "customer.deleted" }, id: 25, date_modified_gmt: "2017-03-22T10:00:00" });
    expect(only(normalize(raw, "ignored-header", options)).event).toMatchObject({ type: "customer.deleted", action: "delete", externalId: "25" });
  });

  it("ignores an unrouted topic without parsing the body, and rejects a routed body without its version", () => {
    expect(normalize("not json", "order.created")).toMatchObject({ outcome: "ignored", topic: "order.created", reason: 'event type "order.created" is not routed' });
    expect(() => normalize(JSON.stringify({ id: 25 }), "customer.created")).toThrow(MalformedPayloadError);
    expect(() => normalize(JSON.stringify({ id: 25, date_modified_gmt: "soon" }), "customer.created")).toThrow(/versionPath/);
  });
});
