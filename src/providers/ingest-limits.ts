/**
 * What ingest accepts from any provider, checked once after its `normalize`: an acknowledged
 * event must never fail later for its size or shape. Its ids travel in queue messages (a message
 * is at most 128 KB: a 200 KB Shopify id was acknowledged, then lost when the entity object could
 * not ship it) and name Durable Objects; its payload is a row of the entity object's SQLite (at
 * most 2 MB); the Odoo writers read it as the canonical schema says. So every event is checked
 * against that schema and these limits, and refused (400 malformed_payload naming the field)
 * rather than accepted and lost. The README's ingest section lists the limits.
 */
import type * as z from "zod";
import { canonicalEventSchema, isInstant, type CanonicalEvent } from "../events/canonical";
import { MalformedPayloadError, type InboundDelivery, type Normalized, type Provider, type SourceConfig } from "./provider";

/** Entity ids (`externalId`, also those of referenced entities), topics and canonical types. */
export const MAX_KEY_LENGTH = 255;
/** Delivery ids: longer, as derived ones join a provider's ids (`<webhook id>:<topic>:<id>:<version>`). */
export const MAX_DELIVERY_ID_LENGTH = 1024;
/** A canonical event as stored (JSON, UTF-8 bytes): half the 2 MB row limit, the rest is margin. */
export const MAX_EVENT_BYTES = 1_000_000;
/** Reasons of ignored deliveries are the provider's words around the topic: kept short in the audit. */
const MAX_REASON_LENGTH = 500;

/** The provider's normalize, then the checks above: what the ingest route (and the fuzz tests) call. */
export function normalizeWithinLimits<Options extends Record<string, unknown>>(
  provider: Provider<Options>,
  delivery: InboundDelivery,
  source: SourceConfig<Options>,
): Normalized {
  return checkNormalized(provider.normalize(delivery, source));
}

export function checkNormalized(normalized: Normalized): Normalized {
  if (normalized.outcome === "ignored") {
    checkLength(normalized.deliveryId, MAX_DELIVERY_ID_LENGTH, "the delivery id");
    checkLength(normalized.topic, MAX_KEY_LENGTH, "the topic (event type)");
    const reason = normalized.reason.length > MAX_REASON_LENGTH ? `${normalized.reason.slice(0, MAX_REASON_LENGTH)}...` : normalized.reason;
    return { ...normalized, reason };
  }
  for (const { deliveryId, event } of normalized.events) {
    checkLength(deliveryId, MAX_DELIVERY_ID_LENGTH, "the delivery id");
    checkEvent(event);
  }
  return normalized;
}

function checkEvent(event: CanonicalEvent): void {
  checkLength(event.topic, MAX_KEY_LENGTH, "the topic (event type)");
  checkLength(event.type, MAX_KEY_LENGTH, "the canonical type");
  checkLength(event.externalId, MAX_KEY_LENGTH, "the entity id");
  const parsed = canonicalEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = innermost(parsed.error.issues[0]!);
    throw new MalformedPayloadError(`canonical event field "${issue.path.map(String).join(".")}" is invalid: ${issue.message}`);
  }
  // The Odoo writers take the date of occurredAt as a payment or refund date.
  const at = Date.parse(event.occurredAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(event.occurredAt) || !isInstant(at)) {
    throw new MalformedPayloadError(`"occurredAt" ${JSON.stringify(event.occurredAt.slice(0, 40))} is not an ISO 8601 date-time`);
  }
  checkReferencedIds(event.data, "data");
  // At most 3 UTF-8 bytes per UTF-16 unit: encoded only when that bound is over the limit.
  const json = JSON.stringify(event);
  const bytes = json.length * 3 <= MAX_EVENT_BYTES ? 0 : new TextEncoder().encode(json).byteLength;
  if (bytes > MAX_EVENT_BYTES) {
    throw new MalformedPayloadError(`the ${event.kind} event is ${bytes} bytes once normalized; events are limited to ${MAX_EVENT_BYTES}`);
  }
}

type Issue = z.core.$ZodIssue;

/**
 * The issue that names the field: `data` is a union of the kind's data and the thin form, whose
 * own issue only says "Invalid input"; the first branch (the kind's data) says which field.
 */
function innermost(issue: Issue): { path: PropertyKey[]; message: string } {
  const branch = issue.code === "invalid_union" ? issue.errors[0]?.[0] : undefined;
  if (!branch) return issue;
  const inner = innermost(branch);
  return { path: [...issue.path, ...inner.path], message: inner.message };
}

/** Every `externalId` inside the data (order lines, variants, references) names an entity too. */
function checkReferencedIds(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkReferencedIds(item, `${path}.${index}`));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === "externalId" && typeof inner === "string") checkLength(inner, MAX_KEY_LENGTH, `the id at "${path}.externalId"`);
    else checkReferencedIds(inner, `${path}.${key}`);
  }
}

function checkLength(value: string | null, limit: number, what: string): void {
  if (value !== null && value.length > limit) {
    throw new MalformedPayloadError(`${what} is ${value.length} characters long; the limit is ${limit}`);
  }
}
