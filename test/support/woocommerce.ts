/** WooCommerce deliveries to a test tenant's "woo" source, signed as WooCommerce signs them. */
import { expect } from "vitest";
import { call, type TestTenant } from "./router";
import { wooSignature } from "./signing";
import { putSource } from "./sources";

export const WOO_SECRET = "wc-secret";

/** Adds a WooCommerce source "woo" selling in `currency` (the store currency option). */
export async function addWooSource(t: TestTenant, currency: string): Promise<void> {
  expect((await putSource(t, "woo", { provider: "woocommerce", secrets: [WOO_SECRET], options: { currency } })).status).toBe(201);
}

/** Posts a signed WooCommerce webhook ("order.created", ...) and returns the accepted event's id. */
export async function postWoo(t: TestTenant, topic: string, payload: unknown): Promise<string> {
  const body = JSON.stringify(payload);
  const [resource, event] = topic.split(".");
  const response = await call(`/webhooks/${t.tenant}/woo`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-topic": topic,
      "x-wc-webhook-resource": resource!,
      "x-wc-webhook-event": event!,
      "x-wc-webhook-id": "12",
      "x-wc-webhook-delivery-id": crypto.randomUUID(),
      "x-wc-webhook-signature": await wooSignature(body, WOO_SECRET),
    },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { eventId: string }).eventId;
}
