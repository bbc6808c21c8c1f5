/**
 * The typical Shopify stream the cost tests count (rows written, SQL statements run): a customer
 * create, an order create, an order update and a redelivery of that update, each written to Odoo,
 * then every object's safety alarm run once. Counting starts after a warm-up delivery, so the counts
 * are the steady state (tenant configuration and caches warm). Read them with rowCounts().
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { createTenant, getEvent, postShopify, waitForStatus, type TestTenant } from "./router";
import { installRowCounter, resetRowCounts } from "./rows-written";
import { shopifyCustomer, shopifyOrder } from "./shopify";

/** Three accepted events and one redelivery. */
export const STREAM = { accepted: 3, webhooks: 4 } as const;

/** Runs the stream with the row counter installed; returns the tenant and the event ids sent. */
export async function runTypicalShopifyStream(): Promise<{ t: TestTenant; sent: string[] }> {
  const t = await createTenant();
  const customer = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", String(shopifyCustomer().id)));
  const order = env.ENTITY.getByName(entityName(t.tenant, t.source, "order", String(shopifyOrder().id)));
  await runInDurableObject(customer, async (_instance, state) => installRowCounter(state.storage.sql, state.storage));
  // Warm the tenant's configuration and caches, so the count is the steady state.
  await waitForStatus(t, await eventIdOf(postShopify(t, "customers/create", shopifyCustomer({ id: 1, email: "warm@example.test" }))), ["delivered"]);
  await settle();
  resetRowCounts();

  const sent: string[] = [];
  const deliver = async (topic: string, payload: unknown, webhookId?: string) => {
    const eventId = await eventIdOf(postShopify(t, topic, payload, webhookId ? { webhookId } : {}));
    sent.push(eventId);
    return eventId;
  };
  await waitForStatus(t, await deliver("customers/create", shopifyCustomer()), ["delivered"]);
  await waitForStatus(t, await deliver("orders/create", shopifyOrder()), ["delivered"]);
  const update = shopifyOrder({ note: "gift wrap", updated_at: "2026-11-20T11:00:00-05:00" });
  await waitForStatus(t, await deliver("orders/updated", update, "update-1"), ["delivered"]);
  // A redelivery answers with the original's id; its own record is "duplicate".
  const original = await deliver("orders/updated", update, "update-1");
  await vi.waitUntil(async () => (await getEvent(t, original))?.timeline?.some((e) => e.step === "redelivered"), { timeout: 15_000, interval: 50 });
  await settle();
  // The safety alarm each object armed fires once (in production, 30 s after the change).
  for (const stub of [customer, order]) await runDurableObjectAlarm(stub);
  await settle();
  return { t, sent };
}

async function eventIdOf(response: Promise<Response>): Promise<string> {
  const r = await response;
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return ((await r.json()) as { eventId: string }).eventId;
}

/** Flushes, notices and audit batches finish in the background: give them a moment. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
