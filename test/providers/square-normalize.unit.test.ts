import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { square } from "../../src/providers/square";
import { MalformedPayloadError, type SourceConfig } from "../../src/providers/provider";
import paymentCreated from "../fixtures/square/payment-created.json";
import paymentUpdated from "../fixtures/square/payment-updated.json";
import refundCreated from "../fixtures/square/refund-created.json";
import refundUpdated from "../fixtures/square/refund-updated.json";
import orderCreated from "../fixtures/square/order-created.json";
import orderUpdated from "../fixtures/square/order-updated.json";
import customerCreated from "../fixtures/square/customer-created.json";
import customerUpdated from "../fixtures/square/customer-updated.json";
import customerDeleted from "../fixtures/square/customer-deleted.json";

const source: SourceConfig<{ publicUrl: string }> = { tenantId: "acme", sourceId: "square", provider: "square", secrets: [], options: { publicUrl: "https://hooks.example.test/square" } };
const normalize = (payload: unknown) =>
  square.normalize(
    {
      body: new TextEncoder().encode(typeof payload === "string" ? payload : JSON.stringify(payload)),
      headers: new Headers(),
      method: "POST",
      url: "https://router.test/webhooks/acme/square",
      receivedAt: Date.now(),
    },
    source,
  );
function single(payload: unknown) {
  const result = normalize(payload);
  if (result.outcome !== "events") throw new Error(`not normalized: ${JSON.stringify(result)}`);
  return { deliveryId: result.events[0]!.deliveryId, event: canonicalEventSchema.parse(result.events[0]!.event) };
}

describe("Square normalization (OpenAPI webhook examples)", () => {
  it("turns payment.created into a payment keyed by event_id, entity data.id, ordered by updated_at", () => {
    const { deliveryId, event } = single(paymentCreated);
    expect(deliveryId).toBe("13b867cf-db3d-4b1c-90b6-2f32a9d78124");
    expect(event).toMatchObject({
      kind: "payment",
      type: "payment.created",
      externalId: "KkAkhdMsgzn59SM8A89WgKwekxLZY",
      version: Date.parse("2020-11-22T21:16:51.198Z"),
      data: {
        amount: { amount: 100, currency: "USD" },
        status: "pending", // APPROVED: authorized, not captured
        order: { kind: "order", externalId: "03O3USaPaAaFnI6kkwB1JxGgBsUZY" },
        invoice: null,
        customer: null,
        method: "card:mastercard",
        reference: "hYy9",
      },
    });
  });

  it("turns payment.updated (COMPLETED) into a succeeded payment with a later version", () => {
    const { event } = single(paymentUpdated);
    expect(event).toMatchObject({ type: "payment.updated", version: Date.parse("2020-11-22T21:19:00.831Z"), data: { status: "succeeded" } });
  });

  it("calls a payment whose refunds cover its total refunded", () => {
    const refunded = structuredClone(paymentUpdated);
    (refunded.data.object.payment as Record<string, unknown>).refunded_money = { amount: 100, currency: "USD" };
    expect(single(refunded).event.data).toMatchObject({ status: "refunded" });
  });

  it("turns refunds into refunds ordered by Square's own version counter", () => {
    const created = single(refundCreated).event;
    const updated = single(refundUpdated).event;
    expect(created).toMatchObject({
      kind: "refund",
      type: "refund.created",
      externalId: "KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHYxt5gAdfcobBe4u1AZsXhoz06KTtuq9Ls24P",
      version: 7,
      data: {
        amount: { amount: 1000, currency: "USD" },
        status: "pending",
        order: { kind: "order", externalId: "haOyDuHiqtAXMk0d8pDKXpL7Jg4F" },
        payment: { kind: "payment", externalId: "KkAkhdMsgzn59SM8A89WgKwekxLZY" },
        reason: null,
      },
    });
    expect(updated).toMatchObject({ type: "refund.updated", version: 10, data: { status: "succeeded" } });
  });

  it("makes order.created / order.updated thin (they carry only id, state and version)", () => {
    expect(single(orderCreated).event).toMatchObject({
      kind: "order",
      type: "order.created",
      externalId: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY",
      version: 1,
      data: { thin: true, operation: "created", resource: "order_created" },
    });
    expect(single(orderUpdated).event).toMatchObject({ type: "order.updated", version: 2, data: { thin: true, operation: "updated" } });
  });

  it("turns customers into customers and customer.deleted into a delete, ordered by version", () => {
    expect(single(customerCreated).event).toMatchObject({
      kind: "customer",
      type: "customer.created",
      externalId: "QPTXM8PQNX3Q726ZYHPMNP46XC",
      version: 0,
      action: "upsert",
      data: {
        email: "jenkins.smorly@example.test",
        firstName: "Jenkins",
        lastName: "Smorly",
        phone: "+15555550100",
        company: null,
        address: { name: "Jenkins Smorly", street: "1 Sample Street", city: "Oakland", zip: "94608", stateCode: "CA", countryCode: null },
      },
    });
    expect(single(customerUpdated).event).toMatchObject({ type: "customer.updated", version: 1, data: { address: null } });
    expect(single(customerDeleted).event).toMatchObject({ type: "customer.deleted", action: "delete", version: 3, externalId: "QPTXM8PQNX3Q726ZYHPMNP46XC" });
  });

  it("ignores event types it does not route", () => {
    expect(normalize({ ...orderUpdated, type: "order.fulfillment.updated" })).toMatchObject({ outcome: "ignored", deliveryId: "4b8e5c91-9f17-4cf1-900a-4a0629f81add", topic: "order.fulfillment.updated" });
  });

  it("rejects a routed event without event_id or data.id as malformed", () => {
    expect(() => normalize({ ...customerCreated, event_id: undefined })).toThrow(MalformedPayloadError);
    expect(() => normalize({ ...customerCreated, data: { type: "customer" } })).toThrow(MalformedPayloadError);
    expect(() => normalize("[]")).toThrow(MalformedPayloadError);
  });
});
