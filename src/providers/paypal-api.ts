/**
 * PayPal's REST API client, for shipment tracking on captured orders (the way back,
 * src/outbound/flows/shipment.ts): tracking numbers keep the seller's protection against "item not
 * received" claims and release held funds (developer.paypal.com Add Tracking API overview).
 *
 * - Credentials: `{clientId, clientSecret}` of the REST app. OAuth2 client credentials:
 *   `POST /v1/oauth2/token` with HTTP Basic `clientId:clientSecret` and
 *   `grant_type=client_credentials`; the token lives `expires_in` seconds ("typically 9 hours") and
 *   is reused, never minted per call (developer.paypal.com rate-limiting guideline). No refresh
 *   token: an expired token is simply requested again.
 * - Host: `https://api-m.paypal.com`; the sandbox is `https://api-m.sandbox.paypal.com` (set it as
 *   `baseUrl`). Versioned by path (`/v2/checkout/orders`, `/v2/payments`), no date pin.
 * - Limits: PayPal publishes no numbers; it answers 429 `RATE_LIMIT_REACHED`. The gate keeps a
 *   modest pace (4 in flight, 10 calls a second), the session classes 429 and 5xx as transient.
 * - Errors: `{name, message, debug_id, details: [{field, value, location, issue, description}]}`;
 *   400 (schema) and 422 (a business rule: `details[].issue`) are `data`, 401 refreshes the token
 *   once, 403 is `config`, 404 `not_found`, 409 (a request id in use) transient. The `debug_id` is
 *   kept in the message: PayPal's support asks for it.
 * - Tracking: `POST /v2/checkout/orders/{id}/track` `{capture_id, tracking_number, carrier,
 *   carrier_name_other?, notify_payer, items?}` answers the updated Order (`@paypal/paypal-server-
 *   sdk` `ordersController.createOrderTracking`, `models/orderTrackerRequest.ts`). No idempotency is
 *   documented on it, so the flow reads the order's trackers (`purchase_units[].shipping.trackers`)
 *   first, and sends `PayPal-Request-Id` anyway (a replay then returns the first answer).
 */
import * as z from "zod";
import { array, object, objectsIn, text, type Json } from "./json-values";
import { postTokenForm, tokenField, tokenSeconds } from "./oauth2-token-form";
import { ProviderApiError, type ApiSession, type ProviderApi } from "./provider-api";

export const PAYPAL_PRODUCTION = "https://api-m.paypal.com";
export const PAYPAL_SANDBOX = "https://api-m.sandbox.paypal.com";

const credentialsSchema = z
  .object({
    clientId: z.string().min(1, "the REST app's client id is required"),
    clientSecret: z.string().min(1, "the REST app's secret is required"),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type PaypalCredentials = z.infer<typeof credentialsSchema>;

const hostOf = (c: PaypalCredentials) => (c.baseUrl ?? PAYPAL_PRODUCTION).replace(/\/+$/, "");

export const paypalApi: ProviderApi<PaypalCredentials> = {
  credentialsSchema,
  publicFields: ["clientId"],
  defaultBaseUrl: () => PAYPAL_PRODUCTION,
  auth: {
    kind: "oauth2",
    initialRefreshToken: () => null,
    async refresh(fetch, c) {
      const what = "PayPal token request";
      const body = await postTokenForm(fetch, {
        what,
        url: `${hostOf(c)}/v1/oauth2/token`,
        form: { grant_type: "client_credentials" },
        basicAuth: { clientId: c.clientId, clientSecret: c.clientSecret },
        fix: "set the REST app's client id and secret on the source (live and sandbox apps have different ones)",
      });
      return { accessToken: tokenField(body, ["access_token"], what), expiresInSeconds: tokenSeconds(body, ["expires_in"], what, 32_400), refreshToken: null };
    },
    headers: (_c, accessToken) => ({ authorization: `Bearer ${accessToken}` }),
  },
  limits: { concurrent: 4, calls: { count: 10, perSeconds: 1 } },

  classifyError(response, what) {
    const body = object(response.json);
    const name = text(body?.name);
    if (!body || !name) return null;
    const issue = objectsIn(body.details).map((d) => text(d.issue)).filter((i): i is string => i !== null).join(", ");
    const debug = text(body.debug_id);
    const message = `${what}: HTTP ${response.status} ${name}${issue ? ` (${issue})` : ""}${debug ? ` debug_id ${debug}` : ""}`;
    const status = response.status;
    if (status === 401) return new ProviderApiError("auth", message, status);
    if (status === 403) return new ProviderApiError("config", message, status);
    if (status === 404) return new ProviderApiError("not_found", message, status);
    if (status === 409 || status === 429 || status >= 500) return new ProviderApiError("transient", message, status);
    return new ProviderApiError("data", message, status);
  },
};

// ---- shipment tracking ----

export interface PaypalCapture {
  id: string;
  orderId: string | null;
  status: string | null;
}

/** A capture and the PayPal order it belongs to (`supplementary_data.related_ids.order_id`). */
export async function paypalCapture(session: ApiSession, captureId: string): Promise<PaypalCapture | null> {
  const what = `PayPal capture ${captureId}`;
  try {
    const { json } = await session.request({ path: `/v2/payments/captures/${encodeURIComponent(captureId)}`, what });
    const capture = object(json);
    if (!capture || !text(capture.id)) throw new ProviderApiError("data", `${what}: the answer is not a capture`);
    return { id: captureId, orderId: text(object(object(capture.supplementary_data)?.related_ids)?.order_id), status: text(capture.status) };
  } catch (err) {
    if (err instanceof ProviderApiError && err.category === "not_found") return null;
    throw err;
  }
}

/** The tracking numbers of the order's trackers (a tracker id is `<capture id>-<tracking number>`). */
export function trackerNumbers(order: Json): string[] {
  const numbers: string[] = [];
  for (const unit of objectsIn(order.purchase_units)) {
    for (const tracker of array(object(unit.shipping)?.trackers)) {
      const t = object(tracker);
      const id = text(t?.id);
      if (!t || !id || text(t.status) === "CANCELLED") continue;
      const number = text(t.tracking_number) ?? id.slice(id.indexOf("-") + 1);
      if (number) numbers.push(number);
    }
  }
  return numbers;
}

export async function paypalOrderTrackers(session: ApiSession, orderId: string): Promise<string[] | null> {
  const what = `PayPal order ${orderId}`;
  try {
    const { json } = await session.request({ path: `/v2/checkout/orders/${encodeURIComponent(orderId)}`, what });
    const order = object(json);
    if (!order || !text(order.id)) throw new ProviderApiError("data", `${what}: the answer is not an order`);
    return trackerNumbers(order);
  } catch (err) {
    if (err instanceof ProviderApiError && err.category === "not_found") return null;
    throw err;
  }
}

export interface PaypalTracker {
  captureId: string;
  trackingNumber: string;
  carrier: string;
  carrierNameOther?: string;
  notifyPayer: boolean;
  items: { name: string; quantity: string; sku?: string }[];
}

/** Adds a tracker; returns the tracking numbers the order has after it. */
export async function paypalAddTracker(session: ApiSession, orderId: string, tracker: PaypalTracker, requestId: string): Promise<string[]> {
  const what = `PayPal order ${orderId} tracking ${tracker.trackingNumber}`;
  const { json } = await session.request({
    method: "POST",
    path: `/v2/checkout/orders/${encodeURIComponent(orderId)}/track`,
    headers: { "paypal-request-id": requestId },
    json: {
      capture_id: tracker.captureId,
      tracking_number: tracker.trackingNumber,
      carrier: tracker.carrier,
      ...(tracker.carrierNameOther ? { carrier_name_other: tracker.carrierNameOther } : {}),
      notify_payer: tracker.notifyPayer,
      ...(tracker.items.length ? { items: tracker.items } : {}),
    },
    what,
  });
  const order = object(json);
  if (!order) throw new ProviderApiError("data", `${what}: the answer is not an order`);
  return trackerNumbers(order);
}
