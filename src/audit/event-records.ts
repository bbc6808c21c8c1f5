/**
 * The audit trail in D1: writing what entity objects ship (idempotent, newest state wins) and
 * reading it back for the audit API.
 */
import { and, asc, desc, eq, getTableColumns, gte, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, timelineChunks, whereStatus } from "../db/schema";
import type { AuditMessage, EventStatus } from "./audit-message";
import { addContributions } from "../db/metric-rollups";
import { ODOO_PROVIDER } from "../odoo/source/options";
import { contributionsOf } from "../metrics/rollup";
import { errorClassOfEvent, type ErrorClass } from "./error-class";

/** Sequence numbers already in an event row's timeline (null for rows written before it had one). */
const STORED_SEQS = sql`SELECT value ->> 'seq' FROM json_each(COALESCE(${events.timeline}, '[]'))`;
/** The stored timeline and the message's new entries, one entry per seq, in seq order. */
const MERGED_TIMELINE = sql`(SELECT json_group_array(json(v)) FROM (
  SELECT value AS v, value ->> 'seq' AS s FROM json_each(COALESCE(${events.timeline}, '[]'))
  UNION ALL
  SELECT value, value ->> 'seq' FROM json_each(excluded.timeline) WHERE value ->> 'seq' NOT IN (${STORED_SEQS})
  ORDER BY s))`;
/** The message carries a newer state than the row's (a late, older message never overwrites it). */
const NEWER = sql`excluded.status_seq > ${events.statusSeq}`;
/** A state column: the message's value when its state is newer, else the row's. */
const newerOr = (column: string) => sql.raw(`CASE WHEN excluded.status_seq > "events"."status_seq" THEN excluded."${column}" ELSE "events"."${column}" END`);

/**
 * Writes a batch of audit messages in one D1 batch (one transaction). Re-shipped messages are
 * harmless: an event's timeline keeps one entry per seq and its state only moves forward.
 *
 * An event is one row, its timeline entries included (migrations/0016): a message is one upsert,
 * one written row plus its index entries, where it was also a timeline_chunks row before. Events
 * written before keep their chunks (read with the row's entries, audit API and retention alike).
 */
export async function writeAuditMessages(d1: D1Database, messages: AuditMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const db = drizzle(d1);
  const now = Date.now();
  const statements = [];
  for (const { event, state, entries } of messages) {
    const row = {
      id: event.id,
      tenantId: event.tenantId,
      sourceId: event.sourceId,
      provider: event.provider,
      topic: event.topic,
      type: event.type,
      kind: event.kind,
      externalId: event.externalId,
      deliveryId: event.deliveryId,
      version: event.version,
      duplicateOf: event.duplicateOf,
      replayOf: event.replayOf ?? null,
      personHash: event.personHash ?? null,
      receivedAt: event.receivedAt,
      status: state.status,
      statusSeq: state.statusSeq,
      reason: state.reason,
      attempts: state.attempts,
      odooModel: state.odoo?.model ?? null,
      odooId: state.odoo?.id ?? null,
      error: state.error,
      errorClass: errorClassOfEvent(state.status, state.error),
      updatedAt: now,
      timeline: entries,
    };
    statements.push(
      db
        .insert(events)
        .values(row)
        .onConflictDoUpdate({
          target: events.id,
          set: {
            status: newerOr("status"),
            statusSeq: newerOr("status_seq"),
            reason: newerOr("reason"),
            attempts: newerOr("attempts"),
            odooModel: newerOr("odoo_model"),
            odooId: newerOr("odoo_id"),
            error: newerOr("error"),
            errorClass: newerOr("error_class"),
            updatedAt: newerOr("updated_at"),
            // New free text (a later error) is looked at again by the retention sweep.
            redactedAt: sql`CASE WHEN ${NEWER} THEN NULL ELSE ${events.redactedAt} END`,
            timeline: MERGED_TIMELINE,
          },
          // Nothing newer and no new entry (a message shipped again): nothing is written.
          setWhere: sql`${NEWER} OR EXISTS (SELECT 1 FROM json_each(excluded.timeline) WHERE value ->> 'seq' NOT IN (${STORED_SEQS}))`,
        }),
    );
  }
  // One D1 batch (one transaction) with the metric rollups, which must run before the events'
  // upserts: an entry already recorded is not counted again. D1 statements, because drizzle's
  // batch cannot carry a raw statement with parameters.
  const rows = statements.map((q) => {
    const { sql: text, params } = q.toSQL();
    return d1.prepare(text).bind(...params);
  });
  await d1.batch([...addContributions(d1, contributionsOf(messages)), ...rows]);
}

export interface EventFilter {
  tenantId: string;
  status?: EventStatus;
  sourceId?: string;
  type?: string;
  errorClass?: ErrorClass;
  /** outbound: Odoo's changes going out to providers (events of the Odoo source); inbound: the others. */
  direction?: Direction;
  since?: number;
  until?: number;
  /** Exclusive upper bound on the event id (ids sort by time: newest first paging). */
  before?: string;
  limit: number;
}

/** An event's columns but its timeline (read only for one event's detail). */
const { timeline: _timeline, ...listedColumns } = getTableColumns(events);
type EventRow = Omit<typeof events.$inferSelect, "timeline">;

export const DIRECTIONS = ["inbound", "outbound"] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** The provider id of Odoo as a source: its events are the way back (src/outbound/flow.ts). */
/** Which way an event goes: Odoo's own changes go out, everything else comes in. */
export const directionOf = (provider: string): Direction => (provider === ODOO_PROVIDER ? "outbound" : "inbound");

export function presentEvent(row: EventRow) {
  return {
    id: row.id,
    tenant: row.tenantId,
    source: row.sourceId,
    provider: row.provider,
    direction: directionOf(row.provider),
    topic: row.topic,
    type: row.type,
    kind: row.kind,
    externalId: row.externalId,
    deliveryId: row.deliveryId,
    version: row.version,
    status: row.status,
    reason: row.reason,
    duplicateOf: row.duplicateOf,
    replayOf: row.replayOf,
    attempts: row.attempts,
    odoo: row.odooModel && row.odooId !== null ? { model: row.odooModel, id: row.odooId } : null,
    error: row.error,
    // Rows written before error classes existed get theirs derived on the way out.
    errorClass: row.errorClass ?? errorClassOfEvent(row.status, row.error),
    receivedAt: new Date(row.receivedAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function listEvents(d1: D1Database, filter: EventFilter) {
  const conditions: SQL[] = [eq(events.tenantId, filter.tenantId)];
  if (filter.status) conditions.push(...whereStatus(filter.status));
  if (filter.sourceId) conditions.push(eq(events.sourceId, filter.sourceId));
  if (filter.type) conditions.push(or(eq(events.type, filter.type), eq(events.topic, filter.type))!);
  if (filter.errorClass) conditions.push(eq(events.errorClass, filter.errorClass));
  if (filter.direction) conditions.push(filter.direction === "outbound" ? eq(events.provider, ODOO_PROVIDER) : ne(events.provider, ODOO_PROVIDER));
  if (filter.since !== undefined) conditions.push(gte(events.receivedAt, filter.since));
  if (filter.until !== undefined) conditions.push(lte(events.receivedAt, filter.until));
  if (filter.before) conditions.push(lt(events.id, filter.before));
  const rows = await drizzle(d1)
    .select(listedColumns)
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page.map(presentEvent), last: rows.length > filter.limit ? page.at(-1)!.id : null };
}

export async function getEventWithTimeline(d1: D1Database, tenantId: string, eventId: string) {
  const db = drizzle(d1);
  const row = await db
    .select()
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.id, eventId)))
    .get();
  if (!row) return null;
  // Entries written before migrations/0016 are in chunks; chunks of a message re-shipped in another
  // grouping may overlap: an entry is its seq.
  const chunks = await db.select().from(timelineChunks).where(eq(timelineChunks.eventId, eventId)).orderBy(asc(timelineChunks.firstSeq));
  const bySeq = new Map([...chunks.flatMap((c) => c.entries), ...(row.timeline ?? [])].map((e) => [e.seq, e]));
  const timeline = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  // An outbound event's links to the provider records it wrote (its last attempt's detail).
  const links = timeline.findLast((t) => Array.isArray(t.detail?.links))?.detail?.links;
  return {
    ...presentEvent(row),
    ...(links ? { links } : {}),
    timeline: timeline.map((t) => ({ seq: t.seq, at: new Date(t.at).toISOString(), step: t.step, detail: t.detail })),
  };
}
