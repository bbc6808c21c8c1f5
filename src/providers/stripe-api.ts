/**
 * Stripe's API client (https://docs.stripe.com/api): reads the objects behind thin events and lists
 * the events a source may have missed. Every call goes through the connection's `ApiSession`.
 *
 * Credentials: `{secretKey}`, a restricted key (`rk_live_…`/`rk_test_…`, read access to Events,
 * Customers, Products, Invoices, PaymentIntents and Refunds is enough) or a secret key (`sk_…`),
 * sent as `Authorization: Bearer`. Keys do not expire: a 401 is an `auth` error on the source.
 *
 * Version: `Stripe-Version` is pinned to the version of the `stripe` SDK the webhook module was
 * checked against (stripe@23.2.0 `esm/apiVersion.js`), so fetched objects have the shape
 * stripe.ts normalizes, whatever the account's default version. Events listed from /v1/events are
 * rendered in the version current when they were created (Stripe's rule), like webhooks.
 *
 * Limits (https://docs.stripe.com/rate-limits): 100 operations/s in live mode, 25/s in sandboxes
 * and test mode, and by default 25 requests/s per endpoint (Search: 20 reads/s; not used here: it
 * is eventually consistent, "don't use search in read-after-write flows"). One connection mostly
 * reads one endpoint at a time, so 25 calls/s keeps within both modes' limits. A limit is signalled
 * by 429 (or a 400 with `code: "rate_limit"`; `lock_timeout` for contention on one object), and
 * `Stripe-Should-Retry: true|false` overrides the status (the SDK's rule): those are classed here.
 *
 * Hydration: Stripe has no read-by-ids endpoint, so one GET per object
 * (`/v1/<resource>/{id}`, no expansion: the same shape as a webhook's `data.object`), normalized
 * with stripe.ts's code for that object. `{deleted: true}` (customers, products) and 404 are
 * "deleted"; an answer that is not the object fails that object only. Version: Stripe's clock (the
 * answer's `Date`, whole seconds as the events' `created`) ×1000 + 1 — the rank stripe.ts gives an
 * update, so a creation of the same second orders before it and a deletion or payment after it —
 * and never below the thin event's own version.
 *
 * Change listing: `GET /v1/events` by `created` (30 days retained), newest first with
 * `starting_after` paging, `types[n]` of the routed event types of the wanted kinds; each event is
 * normalized exactly as its webhook would be (same event id as deliveryId, same version). Then a
 * probe of `delivery_success=false` before the window (events Stripe never delivered to a webhook
 * endpoint, back to the 30-day horizon): a watermark moved by webhooks cannot hide them.
 */
import * as z from "zod";
import { CANONICAL_SCHEMA, type CanonicalEvent, type EntityKind } from "../events/canonical";
import { ProviderApiError, type ApiResponse, type ApiSession, type ChangePage, type ChangeWindow, type Hydrated, type ProviderApi, type ThinRef } from "./provider-api";
import { MalformedPayloadError, type NormalizedEvent } from "./provider";
import { customerData, invoiceData, paymentData, productData, refundsOf, stripe } from "./stripe";
import { idOf, object, text, type Json } from "./json-values";
import { instantText } from "./required-values";

/** stripe@23.2.0 `ApiVersion` (esm/apiVersion.js). */
export const STRIPE_API_VERSION = "2026-11-18.endive";
export const STRIPE_API_HOST = "https://api.stripe.com";
/** Events are retained 30 days (docs.stripe.com/api/events/list: "going back up to 30 days"). */
const EVENT_RETENTION_DAYS = 30;
const PAGE_SIZE = 100;

const credentialsSchema = z
  .object({
    secretKey: z
      .string()
      .regex(/^(sk|rk)_(live|test)_[A-Za-z0-9]{8,}$/, "a Stripe restricted key (rk_live_…/rk_test_…) or secret key (sk_live_…/sk_test_…)"),
    /** Another host for the same API (a test double); the production host otherwise. */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
type StripeCredentials = z.infer<typeof credentialsSchema>;

/** `related_object.type` of a thin event -> the object's endpoint. */
const ENDPOINTS: Record<string, string> = {
  customer: "/v1/customers",
  product: "/v1/products",
  invoice: "/v1/invoices",
  payment_intent: "/v1/payment_intents",
  refund: "/v1/refunds",
};

/** Stripe keys quoted in an error message ("Invalid API Key provided: sk_test_****1234") are masked anyway; never echo them. */
const redact = (message: string) => message.replace(/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*]+/g, "[key]").slice(0, 300);

function classifyError(response: ApiResponse, what: string): ProviderApiError {
  const { status, headers } = response;
  const error = object(object(response.json)?.error);
  const code = text(error?.code);
  const detail = [text(error?.type), code].filter(Boolean).join("/");
  const message = text(error?.message);
  const line = `${what}: HTTP ${status}${detail ? ` ${detail}` : ""}${message ? `: ${redact(message)}` : ""}`;
  const retryAfter = Number(headers.get("retry-after") ?? "");
  const advice = headers.get("stripe-should-retry");
  if (status === 429 || code === "rate_limit" || code === "lock_timeout") {
    // Limits are per second: without a Retry-After, a second is the documented wait.
    return new ProviderApiError("transient", line, status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1);
  }
  if (advice === "true") return new ProviderApiError("transient", line, status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  if (status === 401) return new ProviderApiError("auth", `${line} (the source's api.secretKey is refused)`, status);
  if (status === 403) return new ProviderApiError("config", `${line} (give the restricted key read access to this resource)`, status);
  if (status === 404 || status === 410) return new ProviderApiError("not_found", line, status);
  if (advice === "false") return new ProviderApiError("data", `${line} (Stripe advises not to retry)`, status);
  if (status === 409 || status >= 500) return new ProviderApiError("transient", line, status);
  return new ProviderApiError("data", line, status);
}

/** Stripe's clock from the answer, in whole seconds (its events' `created` precision). */
function stripeSeconds(response: ApiResponse): number {
  const date = Date.parse(response.headers.get("date") ?? "");
  return Math.floor((Number.isNaN(date) ? Date.now() : date) / 1000);
}

function hydratedEvent(ref: ThinRef, body: Json, version: number): CanonicalEvent {
  const envelope = {
    schema: CANONICAL_SCHEMA,
    provider: "stripe",
    topic: `${ref.resource}.retrieved`,
    type: `${ref.kind}.updated`,
    externalId: ref.externalId,
    version,
    occurredAt: instantText(version, "Date"),
    action: "upsert" as const,
  };
  switch (ref.resource) {
    case "customer":
      return { ...envelope, kind: "customer", data: customerData(body) };
    case "product":
      return { ...envelope, kind: "product", data: productData(body) };
    case "invoice":
      return { ...envelope, kind: "invoice", data: invoiceData(body) };
    case "payment_intent":
      return { ...envelope, kind: "payment", data: paymentData(body) };
    default: {
      // A refund as a one-refund charge: refundsOf keys it by the refund id, as charge.refunded does.
      const chargeId = idOf(body.charge) ?? idOf(object(body.charge)?.id) ?? ref.externalId;
      const [refund] = refundsOf({ payment_intent: body.payment_intent, currency: body.currency, refunds: { data: [body] } }, chargeId);
      return { ...envelope, kind: "refund", data: refund!.data };
    }
  }
}

async function hydrateOne(session: ApiSession, ref: ThinRef): Promise<Hydrated> {
  const endpoint = ENDPOINTS[ref.resource];
  const what = `Stripe ${ref.resource} ${ref.externalId}`;
  if (!endpoint) throw new ProviderApiError("config", `${what}: Stripe objects of type "${ref.resource}" are not read (only ${Object.keys(ENDPOINTS).join(", ")})`);
  let response: ApiResponse;
  try {
    response = await session.request({ path: `${endpoint}/${encodeURIComponent(ref.externalId)}`, what });
  } catch (err) {
    if (err instanceof ProviderApiError && err.category === "not_found") return { status: "deleted" };
    // A broken answer concerns this object; a refused key, a limit or an outage concerns them all.
    if (err instanceof ProviderApiError && err.category === "data") return { status: "failed", error: err };
    throw err;
  }
  const body = object(response.json);
  if (!body || idOf(body.id) !== ref.externalId) {
    return { status: "failed", error: new ProviderApiError("data", `${what}: the answer has no "id" ${ref.externalId}`, response.status) };
  }
  if (body.deleted === true) return { status: "deleted" };
  // Never older than the thin event that asked for it (its `created` has milliseconds).
  const version = Math.max(stripeSeconds(response) * 1000 + 1, ref.version ?? 0);
  return { status: "found", event: hydratedEvent(ref, body, version) };
}

/** The routed (snapshot) event types of these kinds: thin events are not listed by /v1/events. */
function eventTypes(kinds: readonly EntityKind[]): string[] {
  const topics = stripe.topics === "configured" ? {} : stripe.topics;
  return Object.entries(topics)
    .filter(([, d]) => d.data !== "thin" && kinds.includes(d.kind))
    .map(([type]) => type);
}

/** An event from /v1/events, normalized as its webhook delivery would be. */
function eventsOf(raw: unknown, kinds: readonly EntityKind[]): NormalizedEvent[] {
  const delivery = { body: new TextEncoder().encode(JSON.stringify(raw)), headers: new Headers(), method: "POST", url: "", receivedAt: Date.now() };
  let normalized;
  try {
    normalized = stripe.normalize(delivery, { tenantId: "", sourceId: "", provider: "stripe", secrets: [], options: { toleranceSeconds: 0 } });
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw new ProviderApiError("data", `Stripe /v1/events: ${err.message}`);
    throw err;
  }
  return normalized.outcome === "events" ? normalized.events.filter((e) => kinds.includes(e.event.kind)) : [];
}

type Phase = "window" | "undelivered";

/** `<phase>:<last event id of the previous page>`. */
function parseCursor(cursor: string | null): { phase: Phase; after: string | null } {
  if (!cursor) return { phase: "window", after: null };
  const [phase, after = ""] = cursor.split(":", 2);
  if (phase !== "window" && phase !== "undelivered") throw new ProviderApiError("data", `Stripe change cursor "${cursor}" is not one this client wrote`);
  return { phase, after: after || null };
}

async function listChanges(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage> {
  const types = eventTypes(kinds);
  if (types.length === 0) return { events: [], cursor: null };
  const { phase, after } = parseCursor(window.cursor);
  const since = Math.floor(window.since / 1000);
  const horizon = Math.floor((window.until - EVENT_RETENTION_DAYS * 86_400_000) / 1000);
  if (phase === "undelivered" && horizon >= since) return { events: [], cursor: null };
  const query: Record<string, string | number | undefined> = {
    limit: PAGE_SIZE,
    starting_after: after ?? undefined,
    ...(phase === "window"
      ? { "created[gte]": since, "created[lt]": Math.ceil(window.until / 1000) }
      : { "created[gte]": horizon, "created[lt]": since, delivery_success: "false" }),
  };
  types.forEach((type, i) => (query[`types[${i}]`] = type));
  const response = await session.request({ path: "/v1/events", query, what: `Stripe /v1/events (${phase === "window" ? "changes" : "undelivered events"})` });
  const list = object(response.json);
  if (!list || list.object !== "list" || !Array.isArray(list.data) || typeof list.has_more !== "boolean") {
    throw new ProviderApiError("data", 'Stripe /v1/events: the answer is not a list ({object:"list", data, has_more})', response.status);
  }
  const events = list.data.flatMap((raw) => eventsOf(raw, kinds));
  const last = idOf(object(list.data.at(-1))?.id);
  if (list.has_more) {
    if (!last) throw new ProviderApiError("data", "Stripe /v1/events: has_more without an event id to continue after", response.status);
    return { events, cursor: `${phase}:${last}` };
  }
  return { events, cursor: phase === "window" && horizon < since ? "undelivered:" : null };
}

export const stripeApi: ProviderApi<StripeCredentials> = {
  credentialsSchema,
  defaultBaseUrl: () => STRIPE_API_HOST,
  auth: {
    kind: "static",
    headers: (credentials) => ({ authorization: `Bearer ${credentials.secretKey}`, "stripe-version": STRIPE_API_VERSION }),
  },
  limits: { calls: { count: 25, perSeconds: 1 } },
  classifyError,
  hydrates: Object.keys(ENDPOINTS),
  async hydrate(session, refs) {
    const results = new Map<string, Hydrated>();
    // No batch read in Stripe's API: one GET per object, in turn (the rate gate paces them).
    for (const ref of refs) if (!results.has(ref.externalId)) results.set(ref.externalId, await hydrateOne(session, ref));
    return results;
  },
  listChanges,
  changeHorizonDays: EVENT_RETENTION_DAYS,
  // Events are listed by their own `created`, written by Stripe's clock when they happen: a
  // minute covers an event created while the previous run read its last page.
  changeOverlapSeconds: 60,
};
