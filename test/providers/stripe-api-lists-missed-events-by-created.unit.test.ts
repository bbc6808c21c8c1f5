/**
 * Reconciliation of a Stripe source lists `/v1/events` created in the window (paged with
 * `starting_after`, only the routed types of the wanted kinds), then probes
 * `delivery_success=false` before the window back to the 30-day horizon: every event comes back
 * normalized exactly as its webhook (event id as delivery id, same version), so one that did
 * arrive is a duplicate.
 */
import { describe, expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe";
import { stripeApi } from "../../src/providers/stripe-api";
import type { NormalizedEvent } from "../../src/providers/provider";
import type { EntityKind } from "../../src/events/canonical";
import { newStripeKey, stripeFake, stripeSession } from "../support/stripe-api";

const source = { tenantId: "t", sourceId: "s", provider: "stripe", secrets: [], options: { toleranceSeconds: 300 } };
const asWebhook = (event: unknown): NormalizedEvent[] => {
  const result = stripe.normalize({ body: new TextEncoder().encode(JSON.stringify(event)), headers: new Headers(), method: "POST", url: "", receivedAt: 0 }, source);
  return result.outcome === "events" ? result.events : [];
};
const customerEvent = (n: number, created: number) => ({
  id: `evt_c${n}`,
  type: "customer.updated",
  created,
  data: { object: { id: `cus_${n}`, object: "customer", email: `c${n}@example.com`, name: `Customer ${n}` } },
});

describe("Stripe change listing", () => {
  it("pages through the window's routed events, then the undelivered ones before it", async () => {
    const key = newStripeKey();
    const now = Math.floor(Date.now() / 1000);
    const since = now - 3600;
    const inWindow = Array.from({ length: 230 }, (_, i) => customerEvent(i, since + (i % 50)));
    for (const event of inWindow) await stripeFake(key, "events", event);
    const undelivered = { ...customerEvent(900, since - 86_400), delivered: false };
    await stripeFake(key, "events", undelivered);
    // Not listed: delivered before the window, not routed, not a wanted kind, beyond the horizon.
    await stripeFake(key, "events", customerEvent(901, since - 7200));
    await stripeFake(key, "events", { id: "evt_charge", type: "charge.succeeded", created: since + 5, data: { object: { id: "ch_1", object: "charge" } } });
    await stripeFake(key, "events", { id: "evt_product", type: "product.updated", created: since + 5, data: { object: { id: "prod_1", object: "product", name: "P" } } });
    await stripeFake(key, "events", { ...customerEvent(902, now - 40 * 86_400), delivered: false });

    const session = stripeSession(key);
    const kinds: EntityKind[] = ["customer"];
    const listed: NormalizedEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await stripeApi.listChanges!(session, { since: since * 1000, until: (now + 1) * 1000, cursor }, kinds);
      listed.push(...page.events);
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== null && pages < 20);

    const expected = [...inWindow, undelivered].flatMap(asWebhook);
    expect(listed.map((e) => e.deliveryId).sort()).toEqual(expected.map((e) => e.deliveryId).sort());
    const byId = new Map(listed.map((e) => [e.deliveryId, e.event]));
    for (const want of expected) expect(byId.get(want.deliveryId)).toEqual(want.event);
    // 230 events at 100 a page, then one probe of undelivered events.
    expect(pages).toBe(4);
    expect((await stripeFake(key, "counters")).paths).toEqual({ "/v1/events": 4 });
  });

  it("lists nothing, without a call, for kinds Stripe does not send", async () => {
    const key = newStripeKey();
    const page = await stripeApi.listChanges!(stripeSession(key), { since: 0, until: Date.now(), cursor: null }, ["order", "ticket"]);
    expect(page).toEqual({ events: [], cursor: null });
    expect((await stripeFake(key, "counters")).calls).toBe(0);
  });

  it("declares Stripe's 30-day event retention as its horizon", () => {
    expect(stripeApi.changeHorizonDays).toBe(30);
  });
});
