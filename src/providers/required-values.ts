/**
 * Readers that refuse: where a provider needs a payload value to be a date or an amount, an
 * out-of-range or unreadable value is the sender's error (400 malformed_payload naming the
 * field), never an exception from the runtime (`RangeError: Invalid time value` was a 500).
 * The lenient readers that return null are in json-values.ts.
 */
import { isInstant, toMinorUnits } from "../events/canonical";
import { MalformedPayloadError } from "./provider";

/** A payload value quoted in an error message: short, so a refusal never echoes a large body. */
export function quoted(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

/** Epoch ms as canonical ISO 8601 UTC, or MalformedPayloadError naming `field` (years 0001-9999). */
export function instantText(ms: number, field: string): string {
  if (!isInstant(ms)) throw new MalformedPayloadError(`"${field}" is not a date between the years 0001 and 9999 (${quoted(ms)})`);
  return new Date(ms).toISOString();
}

/** As instantText, for optional dates: null stays null. */
export function optionalInstantText(ms: number | null, field: string): string | null {
  return ms === null ? null : instantText(ms, field);
}

/**
 * A decimal amount (text "19.99" or a JSON number) in the currency's minor units; an unreadable
 * one ("12,50", "abc", 1e21) is MalformedPayloadError naming `field`. Absent (null, "") is 0.
 */
export function minorUnits(value: string | number | null | undefined, currency: string | null, field: string): number {
  try {
    return toMinorUnits(value, currency);
  } catch {
    throw new MalformedPayloadError(`"${field}" is not a decimal amount: ${quoted(value)}`);
  }
}
