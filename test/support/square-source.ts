/**
 * A Square source with an API connection on a test tenant, the Square fake seeded through the
 * outbound worker (test/support/provider-fakes/square.mjs), and signed Square webhooks.
 */
import { ADMIN_TOKEN, call, type TestTenant } from "./router";
import { squareSignature } from "./signing";
import { uniqueId } from "./shopify";
import type { SquareCounters } from "./square-orders";

export const NOTIFICATION_URL = "https://hooks.example.test/square/acme";
const SIGNATURE_KEY = "sq-signature-key";
const FAKE = "https://connect.squareup.com/__fake";

/** PUT a Square source whose `api` holds a fresh access token (one fake seller); returns the token. */
export async function putSquareSource(t: TestTenant, source: string, seed: Record<string, unknown>): Promise<string> {
  const token = `EAAA${uniqueId("sq")}`;
  const seeded = await fetch(`${FAKE}/seed`, { method: "POST", body: JSON.stringify({ token, ...seed }) });
  if (!seeded.ok) throw new Error(`seeding the Square fake failed: ${seeded.status}`);
  const put = await call(`/v1/admin/tenants/${t.tenant}/sources/${source}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "square", secrets: [SIGNATURE_KEY], options: { publicUrl: NOTIFICATION_URL }, api: { accessToken: token } }),
  });
  if (put.status !== 201) throw new Error(`PUT source ${source}: ${put.status} ${await put.text()}`);
  return token;
}

export async function postSquare(t: TestTenant, source: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return call(`/webhooks/${t.tenant}/${source}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-square-hmacsha256-signature": await squareSignature(NOTIFICATION_URL, body, SIGNATURE_KEY) },
  });
}

/** An `order.updated` webhook (thin: id, state, version) for an order, as Square sends it. */
export function orderUpdatedWebhook(orderId: string, version: number, locationId = "FPYCBCHYMXFK1") {
  return {
    merchant_id: "5S9MXCS9Y99KK",
    type: "order.updated",
    event_id: uniqueId("evt"),
    created_at: "2026-11-20T12:00:00Z",
    data: {
      type: "order_updated",
      id: orderId,
      object: { order_updated: { order_id: orderId, location_id: locationId, state: "OPEN", version, created_at: "2026-11-20T11:59:00Z", updated_at: "2026-11-20T12:00:00Z" } },
    },
  };
}

export async function squareFakeCounters(token: string): Promise<SquareCounters> {
  return (await fetch(`${FAKE}/counters?token=${encodeURIComponent(token)}`)).json();
}
