import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { paypal } from "../../src/providers/paypal";
import { MalformedPayloadError, type Normalized, type SourceConfig } from "../../src/providers/provider";
import completed from "../fixtures/paypal/payment-capture-completed.json";
import completedWithOrder from "../fixtures/paypal/payment-capture-completed-order.json";
import denied from "../fixtures/paypal/payment-capture-denied.json";
import refunded from "../fixtures/paypal/payment-capture-refunded.json";
import orderApproved from "../fixtures/paypal/checkout-order-approved.json";

const source: SourceConfig<{ webhookId: string }> = { tenantId: "acme", sourceId: "paypal", provider: "paypal", secrets: ["unused"], options: { webhookId: "WH1" } };
const normalize = (payload: unknown): Normalized =>
  paypal.normalize(
    { body: new TextEncoder().encode(typeof payload === "string" ? payload : JSON.stringify(payload)), headers: new Headers(), method: "POST", url: "https://router.test/", receivedAt: 0 },
    source,
  );
const single = (payload: unknown) => {
  const result = normalize(payload);
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return { deliveryId: result.events[0]!.deliveryId, event: canonicalEventSchema.parse(result.events[0]!.event) };
};

describe("PayPal normalization", () => {
  it("turns PAYMENT.CAPTURE.COMPLETED into a succeeded payment keyed by the capture id, deduped on the event id", () => {
    const { deliveryId, event } = single(completed);
    expect(deliveryId).toBe("WH-58D329510W468432D-8HN650336L201105X");
    expect(event).toMatchObject({
      kind: "payment",
      type: "payment.succeeded",
      topic: "PAYMENT.CAPTURE.COMPLETED",
      externalId: "27M47624FP291604U",
      version: Date.parse("2019-02-14T21:49:58Z"),
      data: { amount: { amount: 251, currency: "USD" }, status: "succeeded", method: "paypal", order: null },
    });
  });

  it("references the merchant's invoice_id first, else PayPal's order id", () => {
    expect(single(completedWithOrder).event.data).toMatchObject({ reference: "INV-2022-0042" });
    const { invoice_id: _drop, ...resource } = completedWithOrder.resource;
    expect(single({ ...completedWithOrder, resource }).event.data).toMatchObject({ reference: "89T257400V0473133" });
  });

  it("turns PAYMENT.CAPTURE.DENIED into a failed payment, in zero-decimal JPY", () => {
    const { event } = single(denied);
    expect(event).toMatchObject({
      kind: "payment",
      type: "payment.failed",
      externalId: "7NW873794T343360M",
      version: Date.parse("2024-03-05T09:14:20Z"),
      data: { status: "failed", amount: { amount: 1200, currency: "JPY" }, reference: "order-1001" },
    });
  });

  it("turns PAYMENT.CAPTURE.REFUNDED into a refund that references its capture", () => {
    const { deliveryId, event } = single(refunded);
    expect(deliveryId).toBe("WH-1GE84257G0350133W-6RW800890C634293G");
    expect(event).toMatchObject({
      kind: "refund",
      type: "refund.created",
      externalId: "1Y107995YT783435V",
      version: Date.parse("2024-04-02T16:41:27Z"),
      data: {
        amount: { amount: 100, currency: "USD" },
        status: "completed",
        payment: { kind: "payment", externalId: "0KG48329RK8961310" },
        reason: "Item out of stock",
      },
    });
  });

  it("acknowledges CHECKOUT.ORDER.APPROVED as ignored (a PayPal order is not a shop order; its capture follows)", () => {
    expect(normalize(orderApproved)).toMatchObject({
      outcome: "ignored",
      deliveryId: "WH-62W810145R7409724-8CH11354TY024302T",
      topic: "CHECKOUT.ORDER.APPROVED",
      reason: expect.stringContaining("PAYMENT.CAPTURE"),
    });
    expect(normalize({ ...orderApproved, event_type: "CHECKOUT.ORDER.COMPLETED" })).toMatchObject({ outcome: "ignored" });
  });

  it("acknowledges other event types as ignored without reading the resource", () => {
    expect(normalize({ id: "WH-X", event_type: "BILLING.SUBSCRIPTION.CREATED" })).toMatchObject({ outcome: "ignored", topic: "BILLING.SUBSCRIPTION.CREATED" });
  });

  it("rejects routed events without resource id, amount or timestamps as malformed", () => {
    expect(() => normalize("[]")).toThrow(MalformedPayloadError);
    expect(() => normalize({ id: "WH-X" })).toThrow(MalformedPayloadError);
    expect(() => normalize({ ...completed, resource: { ...completed.resource, id: undefined } })).toThrow(MalformedPayloadError);
    expect(() => normalize({ ...completed, resource: { ...completed.resource, amount: undefined } })).toThrow(MalformedPayloadError);
    const { update_time: _u, create_time: _c, ...noTimes } = completed.resource;
    expect(() => normalize({ ...completed, create_time: undefined, resource: noTimes })).toThrow(MalformedPayloadError);
  });
});
