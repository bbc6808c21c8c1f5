/**
 * Readers for the fields of a parsed JSON body, shared by the providers. A payload field is
 * `unknown` until read: each reader returns it in the shape asked for, or null when it is absent
 * or of another type, so that a provider's mapping reads as a list of fields and never throws on an
 * odd payload (a provider throws MalformedPayloadError itself where a field is required).
 *
 * The text readers differ on purpose (trimming, which numbers count): each provider keeps the one
 * it was written and tested with, so that its canonical output does not change.
 */

/** A JSON object (not an array, not null). */
export type Json = Record<string, unknown>;

/**
 * A field as text: a string that is not blank, kept as written (inner and outer spaces included),
 * or a number in its decimal form (ids are numbers in some payloads and strings in others).
 * Anything else is null.
 */
export function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number") return String(value);
  return null;
}

/**
 * As `text`, but a string is trimmed and a number counts only when finite (a JSON number beyond
 * the double range, such as 1e400, parses as Infinity). QuickBooks and PayPal read their fields
 * this way (Xero too, strings only): their ids end up in dedup keys and are compared with
 * configured ids (realmIds, tenantIds), where surrounding spaces would make one id two.
 */
export function trimmedText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * As `text`, with finite numbers only and bigints too: what the configurable providers
 * (json-routes.ts) read at a user-given path, which may point at any value.
 */
export function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return null;
}

/**
 * An id: a non-blank string, or a number as its decimal text (ids beyond 2^53 arrive as their
 * exact source text, see parseJson). The same as `text`; the name says what the field is.
 */
export function idOf(value: unknown): string | null {
  return text(value);
}

/** A JSON object, or null for arrays, null and scalars. */
export function object(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** A JSON array as it is, or [] for anything else (a missing list reads as an empty one). */
export function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The objects in a JSON array, other items dropped; [] when the value is not an array. */
export function objectsIn(value: unknown): Json[] {
  return array(value)
    .map(object)
    .filter((item): item is Json => item !== null);
}

/** A JSON number as it is, or null (numeric strings are not converted: the caller decides what they mean). */
export function num(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/**
 * A line quantity: a JSON number, a numeric string as Number reads it, 0 when absent, NaN for
 * anything else (the canonical check refuses it, naming the field). Never `Number(value)` on an
 * array: converting thousands of nested arrays to a string overflows the stack.
 */
export function quantity(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === null || value === undefined) return 0;
  return typeof value === "string" ? Number(value) : NaN;
}

/**
 * A date-time text (ISO 8601, as `Date.parse` reads it) as epoch ms, or null when absent or
 * unreadable. Times without an offset are read as `Date.parse` reads them: providers documented to
 * send UTC without a designator use woocommerce.ts `gmtMillis` or schemes/iso-instant.ts instead.
 */
export function isoMillis(value: unknown): number | null {
  const raw = text(value);
  if (!raw) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

/** "First Last" from the parts present, or null when there are none (a canonical Address name). */
export function fullName(first: string | null, last: string | null): string | null {
  return [first, last].filter(Boolean).join(" ") || null;
}

/** A reference to another entity (an order's customer, a refund's payment), or null without an id. */
export function entityRef(kind: string, externalId: string | null): { kind: string; externalId: string } | null {
  return externalId ? { kind, externalId } : null;
}
