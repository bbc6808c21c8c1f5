/**
 * Ordering and coalescing of partial changes, field by field (pure; used by EntityStore).
 *
 * A full snapshot is ordered as a whole: it applies only when it is newer than everything the
 * entity applied or is about to apply, and it then replaces any waiting write. A partial change
 * (`completeness: "partial"`, src/events/canonical.ts) is ordered per field it carries:
 *   - a field is *older* (stale) when a newer value of that field, or a newer full snapshot, was
 *     applied or is waiting: that field is dropped from the change;
 *   - at an *equal* version, the same value already applied or waiting is *unchanged* (a no-op,
 *     like a duplicate: dropped, nothing to write), while another value applies (neither is older;
 *     the one received later wins, as the provider's delivery order is the only signal left);
 *   - otherwise the field is newer and applies.
 * Equal versions of *different* fields therefore both apply. A change left with no field is
 * recorded as stale. A waiting write absorbs a newer partial change: the newest value of each
 * field wins, so a burst of changes of one deal (name, amount, stage) is written as one write
 * carrying all three.
 */
import { WRITTEN_TOGETHER, changedFields, dataValue, isPartial, withDataValue, type CanonicalEvent } from "../events/canonical";

/**
 * The version and value of one field of a partial change. The value is dropped when the entity's
 * personal data is redacted (retention, erasure): the version still orders later changes.
 */
export interface FieldStamp {
  version: number;
  value?: unknown;
}

/**
 * What a stored write carries: the version of the full snapshot it is built on (null when it is
 * made of partial changes only) and the version and value of each field set by a partial change.
 */
export interface WriteFields {
  base: number | null;
  fields: Record<string, FieldStamp>;
}

/** The newest version known for a field; `value` only when a partial change set it. */
export type KnownField = { version: number; value?: unknown };

export type FieldVerdict = "newer" | "older" | "unchanged";

/** What a write carries, from its event alone (a full snapshot: every field, at its version). */
export function writeFieldsOf(event: CanonicalEvent): WriteFields {
  if (event.completeness !== "partial") return { base: event.version, fields: {} };
  return { base: null, fields: stampsOf(event, changedFields(event)) };
}

export function stampsOf(event: CanonicalEvent, fields: readonly string[]): Record<string, FieldStamp> {
  const stamps: Record<string, FieldStamp> = {};
  for (const field of fields) stamps[field] = { version: event.version, value: dataValue(event.data, field) ?? null };
  return stamps;
}

/** The newest of what these writes (applied or open) know about one field. */
export function newestFor(field: string, writes: readonly WriteFields[]): KnownField | null {
  let best: KnownField | null = null;
  const consider = (candidate: KnownField) => {
    // At an equal version a known value beats a bare snapshot version: it allows the no-op check.
    if (!best || candidate.version > best.version || (candidate.version === best.version && "value" in candidate)) best = candidate;
  };
  for (const write of writes) {
    if (write.base !== null) consider({ version: write.base });
    const stamp = write.fields[field];
    if (stamp) consider("value" in stamp ? { version: stamp.version, value: stamp.value } : { version: stamp.version });
  }
  return best;
}

/** A field of a partial change at `version` against the newest known for it (see the header). */
export function judgeField(version: number, value: unknown, known: KnownField | null, replay: boolean): FieldVerdict {
  if (!known || version > known.version) return "newer";
  if (version < known.version) return "older";
  // A replay of the version already applied is allowed, to re-sync Odoo (as for full snapshots).
  if (!replay && "value" in known && sameValue(known.value, value ?? null)) return "unchanged";
  return "newer";
}

/**
 * A waiting write absorbing a newer partial change (its fields that are newer): the waiting
 * write's data with those fields set. Built on a full snapshot it stays a full snapshot; made of
 * partial changes it carries the union of their fields. Its version is the newest of both.
 */
export function mergeChange(
  waiting: { event: CanonicalEvent; fields: WriteFields },
  change: CanonicalEvent,
  newer: readonly string[],
): { event: CanonicalEvent; fields: WriteFields } {
  let data: unknown = waiting.event.data;
  for (const field of newer) data = withDataValue(data, field, dataValue(change.data, field) ?? null);
  const latest = change.version >= waiting.event.version ? change : waiting.event;
  const partial = waiting.event.completeness === "partial";
  const event = {
    ...change,
    version: latest.version,
    occurredAt: latest.occurredAt,
    completeness: partial ? "partial" : "full",
    changed: partial ? [...new Set([...changedFields(waiting.event), ...newer])] : undefined,
    data,
  } as CanonicalEvent;
  if (!partial) delete event.changed;
  return { event, fields: { base: waiting.fields.base, fields: { ...waiting.fields.fields, ...stampsOf(change, newer) } } };
}

/**
 * A partial change about to be written, completed with the applied values of the fields written
 * together with those it carries (HubSpot sends a contact's first and last name as two changes:
 * the second still writes the whole name). A field with no applied value stays absent.
 */
export function withCompanions(event: CanonicalEvent, applied: Record<string, FieldStamp>): CanonicalEvent {
  if (!isPartial(event)) return event;
  const changed = changedFields(event);
  let completed = event;
  for (const group of WRITTEN_TOGETHER[event.kind] ?? []) {
    if (!group.some((field) => changed.includes(field))) continue;
    for (const field of group) {
      const stamp = applied[field];
      if (changed.includes(field) || !stamp || !("value" in stamp)) continue;
      completed = { ...completed, data: withDataValue(completed.data, field, stamp.value), changed: [...changedFields(completed), field] } as CanonicalEvent;
    }
  }
  return completed;
}

/** The stamps without their values (a redaction: values may be personal data). */
export function withoutValues(fields: Record<string, FieldStamp>): Record<string, FieldStamp> {
  return Object.fromEntries(Object.entries(fields).map(([field, stamp]) => [field, { version: stamp.version }]));
}

/** Fields set by partial changes that a full snapshot at `base` (or later) made irrelevant are dropped. */
export function withoutOlderThan(fields: Record<string, FieldStamp>, base: number | null): Record<string, FieldStamp> {
  if (base === null) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([, stamp]) => stamp.version >= base));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
