/**
 * A Stripe thin event (`v2.core.event` about a customer, product, invoice, payment intent or
 * refund) is hydrated by reading its object from the API: the result is the same entity
 * (externalId) with the same data as the snapshot webhook event of that object, so the entity
 * object sees one entity whichever way it arrived. Deleted objects and unknown ids are "deleted".
 */
import { describe, expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe";
import { stripeApi } from "../../src/providers/stripe-api";
import type { ThinRef } from "../../src/providers/provider-api";
import type { NormalizedEvent } from "../../src/providers/provider";
import { newStripeKey, stripeFake, stripeSession } from "../support/stripe-api";

const source = { tenantId: "t", sourceId: "s", provider: "stripe", secrets: [], options: { toleranceSeconds: 300 } };
const normalize = (body: unknown): NormalizedEvent[] => {
  const result = stripe.normalize({ body: new TextEncoder().encode(JSON.stringify(body)), headers: new Headers(), method: "POST", url: "", receivedAt: Date.now() }, source);
  if (result.outcome !== "events") throw new Error(result.reason);
  return result.events;
};
const snapshot = (type: string, object: unknown) => normalize({ id: `evt_${type}`, object: "event", type, created: 1_765_000_000, data: { object } })[0]!.event;
const thinRef = (relatedType: string, id: string): ThinRef => {
  const [{ event }] = normalize({ id: `evt_thin_${id}`, object: "v2.core.event", type: `v1.${relatedType}.updated`, created: "2026-12-07T10:00:00.123Z", related_object: { id, type: relatedType, url: `/v1/x/${id}` } }) as [NormalizedEvent];
  const data = event.data as { thin: true; resource: string };
  return { kind: event.kind, externalId: event.externalId, resource: data.resource };
};

const customer = { id: "cus_1", object: "customer", email: "ada@example.com", name: "Ada Lovelace", phone: "+441234", address: { line1: "1 St", city: "London", postal_code: "N1", country: "gb", line2: null, state: null } };
const product = { id: "prod_1", object: "product", name: "Widget", active: true, type: "good", default_price: "price_1", updated: 1_765_000_100 };
const invoice = {
  id: "in_1",
  object: "invoice",
  number: "INV-1",
  status: "paid",
  customer: "cus_1",
  currency: "eur",
  total: 2500,
  amount_due: 0,
  lines: { object: "list", data: [{ description: "Widget", quantity: 1, amount: 2500, currency: "eur", pricing: { unit_amount_decimal: "2500" } }], has_more: false },
  status_transitions: { finalized_at: 1_765_000_000 },
  due_date: null,
};
const paymentIntent = { id: "pi_1", object: "payment_intent", amount: 2500, amount_received: 2500, currency: "eur", status: "succeeded", invoice: "in_1", customer: "cus_1", latest_charge: "ch_1", payment_method_types: ["card"] };
const refund = { id: "re_1", object: "refund", amount: 500, currency: "eur", status: "succeeded", reason: "requested_by_customer", charge: "ch_1", payment_intent: "pi_1" };
const chargeWithRefund = { id: "ch_1", object: "charge", amount: 2500, amount_refunded: 500, currency: "eur", refunded: false, payment_intent: "pi_1", refunds: { object: "list", data: [refund] } };

describe("Stripe hydration", () => {
  it("reads each thin event's object and normalizes it as the snapshot event of that object", async () => {
    const key = newStripeKey();
    for (const object of [customer, product, invoice, paymentIntent, refund]) await stripeFake(key, "objects", object);
    const refs = [thinRef("customer", "cus_1"), thinRef("product", "prod_1"), thinRef("invoice", "in_1"), thinRef("payment_intent", "pi_1"), thinRef("refund", "re_1")];
    const before = Date.now();
    const hydrated = await stripeApi.hydrate!(stripeSession(key), refs);

    const expected = [
      snapshot("customer.updated", customer),
      snapshot("product.updated", product),
      snapshot("invoice.paid", invoice),
      snapshot("payment_intent.succeeded", paymentIntent),
      snapshot("charge.refunded", chargeWithRefund),
    ];
    for (const want of expected) {
      const got = hydrated.get(want.externalId);
      expect(got?.status, want.externalId).toBe("found");
      if (got?.status !== "found") continue;
      expect({ kind: got.event.kind, externalId: got.event.externalId, data: got.event.data }).toEqual({ kind: want.kind, externalId: want.externalId, data: want.data });
      // Stripe's clock in whole seconds, ranked as an update (stripe.ts's lifecycle rank 1).
      expect(got.event.version % 1000).toBe(1);
      expect(got.event.version).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    }
    expect((await stripeFake(key, "counters")).calls).toBe(5);
  });

  it("reports a deleted customer ({deleted: true}) and an unknown id (404) as deleted upstream", async () => {
    const key = newStripeKey();
    await stripeFake(key, "objects", customer);
    await stripeFake(key, "delete", { id: "cus_1" });
    const hydrated = await stripeApi.hydrate!(stripeSession(key), [thinRef("customer", "cus_1"), thinRef("invoice", "in_missing")]);
    expect(hydrated.get("cus_1")).toEqual({ status: "deleted" });
    expect(hydrated.get("in_missing")).toEqual({ status: "deleted" });
  });

  it("reads every resource stripe.ts makes thin events of (its declared `v1.<type>.*` topics)", () => {
    const topics = stripe.topics === "configured" ? {} : stripe.topics;
    const thin = Object.entries(topics).filter(([, d]) => d.data === "thin").map(([topic]) => topic.slice("v1.".length, -".*".length));
    expect(thin.length).toBeGreaterThan(0);
    expect([...stripeApi.hydrates!].sort()).toEqual(thin.sort());
  });
});
