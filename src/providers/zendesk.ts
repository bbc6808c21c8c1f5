/**
 * Zendesk webhooks (event-subscription webhooks: `zen:event-type:ticket.*` and `zen:event-type:user.*`).
 *
 * Sources:
 * - developer.zendesk.com/documentation/webhooks/verifying: `X-Zendesk-Webhook-Signature` =
 *   base64(HMACSHA256(TIMESTAMP + BODY)) with the webhook's signing secret (used as its UTF-8
 *   string), `X-Zendesk-Webhook-Signature-Timestamp` an ISO 8601 time ("2021-07-25T10:00:00Z");
 *   the body may be empty. Note: an older copy of the event-connectors variant of that page writes
 *   base64(HMACSHA256((BODY)(TIMESTAMP))) and its worked example only verifies in that order; the
 *   current page, its Node example and every public implementation use TIMESTAMP + BODY, which is
 *   what is verified here (one order only: accepting both would widen what a signature proves).
 *   Zendesk publishes no tolerance: the source option `toleranceSeconds` (default 300, 0 disables)
 *   is applied both ways (an old or a future timestamp is refused).
 * - developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types (event schema:
 *   type, account_id, id, time, zendesk_event_version, subject, detail, event), .../ticket-events
 *   (detail: id, subject, description, status, priority, requester_id, updated_at, ...) and
 *   .../user-events (detail: id, email, role, external_id, created_at, updated_at; no name, no phone).
 *
 * Dedup: the event `id`. Version: `detail.updated_at`, else the event `time`. Entity: `detail.id`,
 * else the id in `subject` ("zen:ticket:35436").
 * Tickets: `ticket.created` -> ticket.created; every other ticket event (status/priority/subject...
 * changed, comment added, ...) carries the full ticket detail -> ticket.updated; `soft_deleted` and
 * `permanently_deleted` -> action delete. The detail names the requester by id only, so
 * requesterEmail/requesterName stay null and `requester` references the user (a customer).
 * Users -> customers: `user.created` -> customer.created with the email (the detail has no name or
 * phone); later user events are thin (fetch needed): their detail lacks the name, and writing it
 * as data would overwrite the contact's name with its email on every change. `user.deleted` ->
 * action delete (placeholder data).
 * Trigger/automation webhooks have a user-defined JSON body (no `zen:event-type:` type): they are
 * verified like the others, then acknowledged and ignored (reason recorded): a custom template has
 * no contract to normalize from. Use an event-subscription webhook for tickets and users.
 */
import { CANONICAL_SCHEMA, type CanonicalEvent, type CustomerData } from "../events/canonical";
import { ticketData } from "./zendesk-records";
import { zendeskApi } from "./zendesk-api";
import { concatBytes, decodeBase64, verifyHmac } from "./schemes/hmac";
import { DEFAULT_TOLERANCE_SECONDS, checkTimestamp } from "./schemes/timestamp";
import * as z from "zod";
import { MalformedPayloadError, parseJson, type Provider } from "./provider";
import { instantText } from "./required-values";
import { idOf, isoMillis, object, text, type Json } from "./json-values";
import { isDeclared, type TopicTable } from "./topics";

const optionsSchema = z
  .object({
    /** Accepted age (and clock skew) of X-Zendesk-Webhook-Signature-Timestamp in seconds; 0 disables. */
    toleranceSeconds: z.number().int().min(0).default(DEFAULT_TOLERANCE_SECONDS),
  })
  .strict();
type ZendeskOptions = z.infer<typeof optionsSchema>;

const EVENT_TYPE_PREFIX = "zen:event-type:";

/**
 * Event types after `zen:event-type:`. Tickets carry the ticket; a user's creation and deletion
 * carry its name and email; its other events only what changed (thin).
 */
const TOPICS = {
  "ticket.*": { kind: "ticket", type: "ticket.{created|updated|deleted}", data: "full" },
  "user.created": { kind: "customer", type: "customer.created", data: "full" },
  "user.deleted": { kind: "customer", type: "customer.deleted", data: "full" },
  "user.*": { kind: "customer", type: "customer.updated", data: "thin", resource: "user" },
} as const satisfies TopicTable;
const TICKET_DELETIONS = new Set(["soft_deleted", "permanently_deleted"]);

export const zendesk: Provider<ZendeskOptions> = {
  id: "zendesk",
  optionsSchema,
  topics: TOPICS,

  async verify(delivery, source) {
    const header = delivery.headers.get("x-zendesk-webhook-signature");
    if (!header) return { ok: false, reason: "missing X-Zendesk-Webhook-Signature header" };
    const timestamp = delivery.headers.get("x-zendesk-webhook-signature-timestamp");
    if (!timestamp) return { ok: false, reason: "missing X-Zendesk-Webhook-Signature-Timestamp header" };
    const fresh = checkTimestamp({
      signedAtMs: timestampMillis(timestamp),
      receivedAtMs: delivery.receivedAt,
      toleranceSeconds: source.options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      rejectFuture: true,
    });
    if (!fresh.ok) return fresh;
    const signature = decodeBase64(header);
    if (!signature) return { ok: false, reason: "X-Zendesk-Webhook-Signature is not base64" };
    const ok = await verifyHmac({ secrets: source.secrets, hash: "SHA-256", signature, signed: concatBytes(timestamp, delivery.body) });
    return ok ? { ok: true } : { ok: false, reason: "signature does not match any active secret" };
  },

  normalize(delivery) {
    const invocation = delivery.headers.get("x-zendesk-webhook-invocation-id");
    // Trigger/automation webhooks may send XML or form bodies: anything but a JSON event is ignored.
    const body = object(tryParseJson(delivery.body));
    const type = text(body?.type) ?? "";
    if (!body || !type.startsWith(EVENT_TYPE_PREFIX)) {
      return {
        outcome: "ignored",
        deliveryId: invocation,
        topic: type || "(trigger/automation webhook)",
        reason: "not a Zendesk event-subscription payload (trigger/automation webhooks carry a custom body and are not normalized)",
      };
    }
    const [domain = "", name = ""] = type.slice(EVENT_TYPE_PREFIX.length).split(".");
    if (!isDeclared(TOPICS, `${domain}.*`)) {
      return { outcome: "ignored", deliveryId: text(body.id) ?? invocation, topic: type, reason: `event type "${type}" is not routed` };
    }

    const eventId = text(body.id);
    if (!eventId) throw new MalformedPayloadError(`${type} event has no "id"`);
    const detail = object(body.detail) ?? {};
    const externalId = idOf(detail.id) ?? subjectId(text(body.subject), domain);
    if (!externalId) throw new MalformedPayloadError(`${type} event has no "detail.id" or subject`);
    const version = isoMillis(detail.updated_at) ?? isoMillis(body.time);
    if (version === null) throw new MalformedPayloadError(`${type} event has no valid "detail.updated_at" or "time"`);

    const envelope = {
      schema: CANONICAL_SCHEMA,
      provider: "zendesk",
      topic: type,
      externalId,
      version,
      occurredAt: instantText(version, "detail.updated_at"),
    };
    let event: CanonicalEvent;
    if (domain === "ticket") {
      const deleted = TICKET_DELETIONS.has(name);
      event = {
        ...envelope,
        kind: "ticket",
        type: name === "created" ? "ticket.created" : deleted ? "ticket.deleted" : "ticket.updated",
        action: deleted ? "delete" : "upsert",
        data: ticketData(detail),
      };
    } else if (name === "created") {
      event = { ...envelope, kind: "customer", type: "customer.created", action: "upsert", data: customerData(detail) };
    } else if (name === "deleted") {
      event = { ...envelope, kind: "customer", type: "customer.deleted", action: "delete", data: customerData(detail) };
    } else {
      event = { ...envelope, kind: "customer", type: "customer.updated", action: "upsert", data: { thin: true, operation: name, resource: "user" } };
    }
    return { outcome: "events", events: [{ deliveryId: eventId, event }] };
  },
  api: zendeskApi,
};

function tryParseJson(body: Uint8Array): unknown {
  if (body.byteLength === 0) return null;
  try {
    return parseJson(body);
  } catch (err) {
    if (err instanceof MalformedPayloadError) return null;
    throw err;
  }
}

/** "2021-07-25T10:00:00Z" as documented; plain unix seconds are tolerated too. */
function timestampMillis(value: string): number {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  return Date.parse(trimmed);
}

function customerData(d: Json): CustomerData {
  return { email: text(d.email), firstName: null, lastName: null, phone: null, company: null, address: null };
}

/** "zen:ticket:35436" -> "35436". */
function subjectId(subject: string | null, domain: string): string | null {
  const match = subject ? new RegExp(`^zen:${domain}:(.+)$`).exec(subject) : null;
  return match?.[1] ?? null;
}
