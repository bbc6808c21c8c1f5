/**
 * Standard Webhooks senders (https://www.standardwebhooks.com; spec:
 * github.com/standard-webhooks/standard-webhooks spec/standard-webhooks.md): Svix and everything
 * sent through it, BigCommerce, and any compliant producer.
 *
 * Signature: `webhook-signature` = space-separated `v1,<base64 HMAC-SHA256>` over
 * `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed with the base64-decoded `whsec_` secret
 * (schemes/standard-webhooks.ts). Svix's `svix-id` / `svix-timestamp` / `svix-signature` names are
 * accepted too (same scheme). Replay: `webhook-timestamp` (unix seconds) within
 * `toleranceSeconds` (default 300, 0 disables) in BOTH directions, as the spec and the
 * `standardwebhooks` verifier ("Message timestamp too old" / "too new").
 *
 * Dedup id: `webhook-id`, which the spec defines as the same for every retry of one message; or
 * the body value at `deliveryIdPath` when the sender names a better one (BigCommerce: "hash", the
 * same for every firing of one event, bigcommerce/docs https-webhook-overview.mdx). BigCommerce's
 * secret is its app client secret, configured base64-encoded (optionally `whsec_`-prefixed).
 * Routing: the event type is read from the body (`typePath`, default "type", the spec's
 * recommended payload shape `{type, timestamp, data}`); each routed type is described by the
 * source's `eventTypes` option (json-routes.ts: kind, idPath, versionPath, action, fields).
 * Version, when the route has no `versionPath`: the body's event time (`timestampPath`, default
 * "timestamp"), and only as a last resort `webhook-timestamp`, because the spec says the latter is
 * the time of the ATTEMPT and is renewed on every retry (a retried old message would look newer).
 */
import * as z from "zod";
import { DEFAULT_TOLERANCE_SECONDS, checkTimestamp } from "./schemes/timestamp";
import { v1Signatures, verifyStandardWebhookSignature } from "./schemes/standard-webhooks";
import { genericApi } from "./generic-api";
import { jsonPathSchema, parseDateUtc, routeEvent, routeSchema, valueAt } from "./json-routes";
import { scalarText } from "./json-values";
import { parseJsonObject, type InboundDelivery, type Provider } from "./provider";
import { instantText } from "./required-values";

const optionsSchema = z
  .object({
    /** Sender event type -> route. Types not listed are acknowledged and ignored. */
    eventTypes: z.record(z.string().min(1), routeSchema({ versionRequired: false })),
    /** Where the body names its event type (BigCommerce: "scope"). */
    typePath: jsonPathSchema.default("type"),
    /** Where the body carries the event time, used as version when a route has no versionPath. */
    timestampPath: jsonPathSchema.default("timestamp"),
    toleranceSeconds: z.number().int().min(0).default(DEFAULT_TOLERANCE_SECONDS),
    /** A body path whose value dedupes better than webhook-id (BigCommerce: "hash"). */
    deliveryIdPath: jsonPathSchema.optional(),
  })
  .strict();
type StandardWebhooksOptions = z.infer<typeof optionsSchema>;

/** The three headers, from the `webhook-*` family or else Svix's `svix-*` one. */
function metadata(delivery: InboundDelivery) {
  const prefix = delivery.headers.has("webhook-signature") || delivery.headers.has("webhook-id") ? "webhook" : "svix";
  return {
    prefix,
    id: delivery.headers.get(`${prefix}-id`),
    timestamp: delivery.headers.get(`${prefix}-timestamp`),
    signature: delivery.headers.get(`${prefix}-signature`),
  };
}

/** An event time as epoch ms: ISO strings, or numbers taken as seconds below 10^11 and ms above. */
function epochMs(raw: unknown): number | null {
  const value = typeof raw === "string" && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== "string" || value.trim() === "") return null;
  const ms = parseDateUtc(value);
  return Number.isNaN(ms) ? null : ms;
}

export const standardWebhooks: Provider<StandardWebhooksOptions> = {
  id: "standard-webhooks",
  optionsSchema,
  api: genericApi("standard-webhooks"),

  async verify(delivery, source) {
    const { prefix, id, timestamp, signature } = metadata(delivery);
    if (!id || !timestamp || !signature) {
      return { ok: false, reason: `missing ${prefix}-id, ${prefix}-timestamp or ${prefix}-signature header` };
    }
    if (!/^\d+$/.test(timestamp.trim())) return { ok: false, reason: `${prefix}-timestamp is not unix seconds` };
    const fresh = checkTimestamp({
      signedAtMs: Number(timestamp.trim()) * 1000,
      receivedAtMs: delivery.receivedAt,
      toleranceSeconds: source.options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      rejectFuture: true,
    });
    if (!fresh.ok) return fresh;
    const signatures = v1Signatures(signature);
    if (signatures.length === 0) return { ok: false, reason: `no v1 signature in ${prefix}-signature` };
    const verdict = await verifyStandardWebhookSignature({
      secrets: source.secrets,
      msgId: id,
      timestamp: timestamp.trim(),
      body: delivery.body,
      signatures,
    });
    if (verdict === "match") return { ok: true };
    if (verdict === "no-usable-secret") return { ok: false, reason: "no active secret is a base64 whsec_ signing secret" };
    return { ok: false, reason: "signature does not match any active secret" };
  },

  normalize(delivery, source) {
    const { id, timestamp } = metadata(delivery);
    const options = source.options;
    const typePath = options.typePath ?? "type";
    const body = parseJsonObject(delivery.body);
    const deliveryId = (options.deliveryIdPath ? scalarText(valueAt(body, options.deliveryIdPath)) : null) ?? id ?? null;
    const eventType = scalarText(valueAt(body, typePath));
    if (!eventType) return { outcome: "ignored", deliveryId, topic: "", reason: `no event type at "${typePath}"` };
    const route = Object.hasOwn(options.eventTypes, eventType) ? options.eventTypes[eventType] : undefined;
    if (!route) return { outcome: "ignored", deliveryId, topic: eventType, reason: `event type "${eventType}" is not routed` };

    const attemptMs = timestamp && /^\d+$/.test(timestamp.trim()) ? Number(timestamp.trim()) * 1000 : delivery.receivedAt;
    const eventMs = epochMs(valueAt(body, options.timestampPath ?? "timestamp")) ?? attemptMs;
    const event = routeEvent({
      provider: "standard-webhooks",
      eventType,
      route,
      body,
      fallbackVersion: eventMs,
      fallbackOccurredAt: instantText(eventMs, options.timestampPath ?? "timestamp"),
    });
    // One message, one event: the message id is the dedup key (stable across retries).
    return { outcome: "events", events: [{ deliveryId: deliveryId ?? `${event.kind}:${event.externalId}:${event.version}`, event }] };
  },
};
