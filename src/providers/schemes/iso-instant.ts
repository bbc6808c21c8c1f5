/**
 * Provider timestamps -> epoch milliseconds, stricter and more portable than Date.parse alone:
 * ISO 8601 date-times with `Z`, `±HH:MM` or `±HHMM` offsets (QuickBooks legacy `-0700`), any
 * number of fraction digits (QuickBooks CloudEvents sends nanoseconds; truncated to ms), and, for
 * providers documented to send UTC without a designator (Xero `eventDateUtc`), no offset at all.
 */
const INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms, or NaN when the text is not such a date-time. Without an offset the time is UTC. */
export function parseInstant(text: string | null | undefined): number {
  if (typeof text !== "string") return NaN;
  const match = INSTANT.exec(text.trim());
  if (!match) return NaN;
  const [, date, time, fraction = "", zone = "Z"] = match;
  const ms = (fraction + "000").slice(0, 3);
  const offset = zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return Date.parse(`${date}T${time!.length === 5 ? `${time}:00` : time}.${ms}${offset}`);
}
