import { describe, expect, it } from "vitest";
import { canonicalEventSchema, isThin } from "../../src/events/canonical";
import { stripe } from "../../src/providers/stripe";
import { MalformedPayloadError, type Normalized } from "../../src/providers/provider";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import customerDeleted from "../fixtures/stripe/customer.deleted.json?raw";
import paymentSucceeded from "../fixtures/stripe/payment_intent.succeeded.json?raw";
import chargeRefunded from "../fixtures/stripe/charge.refunded.json?raw";
import chargeRefundedWithList from "../fixtures/stripe/charge.refunded.with-refunds-2022-08-01.json?raw";
import invoicePaid from "../fixtures/stripe/invoice.paid.json?raw";
import productCreated from "../fixtures/stripe/product.created.json?raw";
import productUpdated from "../fixtures/stripe/product.updated.expanded-price.json?raw";
import thinCustomer from "../fixtures/stripe/thin.v1.customer.updated.json?raw";
import thinMeter from "../fixtures/stripe/thin.v1.billing.meter.error_report_triggered.json?raw";

const source = { tenantId: "acme", sourceId: "stripe", provider: "stripe", secrets: [], options: { toleranceSeconds: 300 } };
const normalize = (raw: string): Normalized =>
  stripe.normalize({ body: new TextEncoder().encode(raw), headers: new Headers(), method: "POST", url: "https://router.test/", receivedAt: 0 }, source);

function events(result: Normalized) {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events.map((e) => ({ deliveryId: e.deliveryId, event: canonicalEventSchema.parse(e.event) }));
}
const one = (raw: string) => {
  const all = events(normalize(raw));
  expect(all).toHaveLength(1);
  return all[0]!;
};
const data = <T>(event: { data: unknown }) => {
  if (isThin(event.data)) throw new Error("thin");
  return event.data as T;
};

describe("Stripe normalization (OpenAPI fixtures)", () => {
  it("customer.created: a customer keyed by data.object.id, deduped by the event id, versioned by created", () => {
    const { deliveryId, event } = one(customerCreated);
    expect(deliveryId).toBe("evt_1PgcA1B7WZ01zgkWq2oGqV8n");
    expect(event).toMatchObject({
      kind: "customer",
      type: "customer.created",
      topic: "customer.created",
      externalId: "cus_QXg1o8vcGmoR32",
      version: 1763647200 * 1000,
      occurredAt: "2025-11-20T14:00:00.000Z",
      action: "upsert",
    });
    expect(data(event)).toEqual({
      email: "jenny.rosen@example.test",
      firstName: null,
      lastName: "Jenny Rosen",
      phone: "+15555550123",
      company: null,
      address: {
        name: "Jenny Rosen",
        company: null,
        street: "510 Townsend St",
        street2: null,
        city: "San Francisco",
        zip: "94103",
        stateCode: "CA",
        countryCode: "US",
        phone: "+15555550123",
      },
    });
  });

  it("customer.deleted: action delete", () => {
    expect(one(customerDeleted).event).toMatchObject({ kind: "customer", type: "customer.deleted", action: "delete" });
  });

  it("payment_intent.succeeded: a payment with the received amount, its customer and charge", () => {
    const { event } = one(paymentSucceeded);
    expect(event).toMatchObject({ kind: "payment", type: "payment.succeeded", externalId: "pi_1PgafyB7WZ01zgkWSjxsAJo3" });
    expect(data(event)).toEqual({
      amount: { amount: 1099, currency: "USD" },
      status: "succeeded",
      order: null,
      invoice: null,
      customer: { kind: "customer", externalId: "cus_QXg1o8vcGmoR32" },
      method: "card",
      reference: "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    });
  });

  it("charge.refunded without a refunds list (API >= 2022-11-15): one refund for the charge's refunded total", () => {
    const { deliveryId, event } = one(chargeRefunded);
    expect(deliveryId).toBe("evt_3PgafuB7WZ01zgkW1x7YbG2n");
    expect(event).toMatchObject({ kind: "refund", type: "refund.created", externalId: "ch_1PgafuB7WZ01zgkWXYmPNZs8" });
    expect(data(event)).toEqual({
      amount: { amount: 500, currency: "USD" },
      status: "partially_refunded",
      order: null,
      payment: { kind: "payment", externalId: "pi_1PgafyB7WZ01zgkWSjxsAJo3" },
      reason: null,
    });
  });

  it("charge.refunded with the refunds listed (older API versions): one refund event per refund, each with its own dedup key", () => {
    const all = events(normalize(chargeRefundedWithList));
    expect(all.map((e) => [e.deliveryId, e.event.externalId])).toEqual([
      ["evt_3PgafuB7WZ01zgkW1x7YbG2n:re_1Pgc7xB7WZ01zgkWk3pM8sQe", "re_1Pgc7xB7WZ01zgkWk3pM8sQe"],
      ["evt_3PgafuB7WZ01zgkW1x7YbG2n:re_1Pgc72B7WZ01zgkWqPvrRrPE", "re_1Pgc72B7WZ01zgkWqPvrRrPE"],
    ]);
    expect(all.map((e) => data<{ amount: unknown; status: string; reason: string | null }>(e.event))).toMatchObject([
      { amount: { amount: 200, currency: "USD" }, status: "pending", reason: null },
      { amount: { amount: 300, currency: "USD" }, status: "succeeded", reason: "requested_by_customer" },
    ]);
  });

  it("invoice.paid: number, status, customer, lines, totals and dates", () => {
    const { event } = one(invoicePaid);
    expect(event).toMatchObject({ kind: "invoice", type: "invoice.paid", externalId: "in_1Pgc6tB7WZ01zgkWu9fdqL6I" });
    expect(data(event)).toEqual({
      number: "7FE1103-0001",
      status: "paid",
      customer: { kind: "customer", externalId: "cus_QXg1o8vcGmoR32" },
      currency: "USD",
      lines: [{ description: "My First Invoice Item (created for API docs)", sku: null, quantity: 1, unitPrice: { amount: 1000, currency: "USD" } }],
      total: { amount: 1000, currency: "USD" },
      amountDue: { amount: 1000, currency: "USD" },
      issuedAt: new Date(1763640100 * 1000).toISOString(),
      dueAt: null,
    });
  });

  it("product.created with default_price as an id: one variant priced 0 without currency", () => {
    const { event } = one(productCreated);
    expect(event).toMatchObject({ kind: "product", type: "product.created", externalId: "prod_QXg1hqf4jFNsqG" });
    expect(data(event)).toEqual({
      title: "T-shirt",
      vendor: null,
      productType: "good",
      active: true,
      variants: [{ externalId: "prod_QXg1hqf4jFNsqG", sku: null, barcode: null, title: null, price: { amount: 0, currency: null } }],
    });
  });

  it("product.updated with default_price expanded: the variant carries its unit amount and currency", () => {
    const { event } = one(productUpdated);
    expect(data<{ variants: { externalId: string; price: unknown }[] }>(event).variants).toEqual([
      expect.objectContaining({ externalId: "prod_QXg1hqf4jFNsqG", price: { amount: 2500, currency: "EUR" } }),
    ]);
  });

  it("a thin event about a routed object becomes a thin canonical event versioned by its millisecond time", () => {
    const { deliveryId, event } = one(thinCustomer);
    expect(deliveryId).toBe("evt_test_65RM3iYyXWx2mLQ0kZ9vN4aB7cD");
    expect(event).toMatchObject({
      kind: "customer",
      type: "customer.updated",
      topic: "v1.customer.updated",
      externalId: "cus_QXg1o8vcGmoR32",
      version: Date.parse("2026-11-20T13:00:00.123Z"),
      data: { thin: true, operation: "updated", resource: "customer" },
    });
  });

  it("a thin event about an object without a canonical kind (a billing meter) is ignored, with its id", () => {
    expect(normalize(thinMeter)).toMatchObject({
      outcome: "ignored",
      deliveryId: "evt_test_65R2GpwDsnmpzihMjdT16R2GDhI4SQdXJGRbvn7JA8mPEm",
      topic: "v1.billing.meter.error_report_triggered",
      reason: expect.stringContaining("billing.meter"),
    });
  });

  it("an event type that is not routed is ignored with its event id", () => {
    const raw = JSON.stringify({ id: "evt_9", object: "event", type: "plan.created", created: 1, data: { object: { id: "plan_1" } } });
    expect(normalize(raw)).toEqual({ outcome: "ignored", deliveryId: "evt_9", topic: "plan.created", reason: 'Stripe event "plan.created" is not routed' });
  });

  it("a routed event without data.object.id, created or id is malformed", () => {
    const base = { id: "evt_1", object: "event", type: "customer.updated", created: 1763647200, data: { object: { id: "cus_1" } } };
    expect(() => normalize(JSON.stringify({ ...base, data: { object: {} } }))).toThrow(MalformedPayloadError);
    expect(() => normalize(JSON.stringify({ ...base, created: "yesterday" }))).toThrow(MalformedPayloadError);
    expect(() => normalize(JSON.stringify({ ...base, id: undefined }))).toThrow(MalformedPayloadError);
    expect(() => normalize("[]")).toThrow(MalformedPayloadError);
  });
});
