/**
 * Personal data in the D1 audit trail. It keeps no payload, but its free text can quote one:
 * Odoo's error messages (a ValidationError naming an email), rejection reasons, the hash of the
 * person's email kept for erasures. Redaction replaces those texts with REDACTED and drops the
 * hash; ids, statuses, timings and Odoo references stay, so the trail still tells what happened.
 */
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, timelineChunks, UNREDACTED } from "../db/schema";
import type { TimelineEntry } from "../audit/audit-message";
import { newUlid } from "../ids";

export const REDACTED = "[redacted]";
/** Statuses whose `reason` quotes an error or a refused request rather than the router's words. */
const QUOTING_STATUSES = new Set(["dead", "retrying", "rejected"]);
/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;

type EventError = { category: string; name: string | null; message: string };

/**
 * Redacts the given audit rows of a tenant. `needles` (emails of an erasure) are also cut out of
 * any other text of those rows. Returns how many rows were redacted and how many were rejections.
 */
export async function redactAuditEvents(
  d1: D1Database,
  tenantId: string,
  eventIds: string[],
  now: number,
  needles: string[] = [],
): Promise<{ events: number; rejections: number }> {
  const db = drizzle(d1);
  const counts = { events: 0, rejections: 0 };
  const cut = (text: string) => needles.reduce((t, n) => t.replace(new RegExp(escapeRegExp(n), "gi"), REDACTED), text);
  // An event's entries: on its row, or in timeline chunks for rows written before migrations/0016.
  const redactEntries = (entries: TimelineEntry[]) => JSON.parse(cut(JSON.stringify(entries.map(redactEntry)))) as TimelineEntry[];
  for (let i = 0; i < eventIds.length; i += IDS_PER_QUERY) {
    const ids = eventIds.slice(i, i + IDS_PER_QUERY);
    const rows = await db
      .select({ id: events.id, status: events.status, reason: events.reason, error: events.error, timeline: events.timeline })
      .from(events)
      .where(and(eq(events.tenantId, tenantId), inArray(events.id, ids)));
    if (rows.length === 0) continue;
    const chunks = await db.select().from(timelineChunks).where(inArray(timelineChunks.eventId, rows.map((r) => r.id)));
    const statements = [];
    for (const row of rows) {
      const reason = row.reason === null ? null : QUOTING_STATUSES.has(row.status) ? REDACTED : cut(row.reason);
      const error = row.error ? { ...row.error, message: REDACTED } : null;
      const timeline = row.timeline ? redactEntries(row.timeline) : null;
      statements.push(
        db.update(events).set({ reason, error, timeline, personHash: null, redactedAt: now }).where(eq(events.id, row.id)),
      );
      counts.events++;
      if (row.status === "rejected") counts.rejections++;
    }
    for (const chunk of chunks) {
      const entries = redactEntries(chunk.entries);
      statements.push(
        db
          .update(timelineChunks)
          .set({ entries })
          .where(and(eq(timelineChunks.eventId, chunk.eventId), eq(timelineChunks.firstSeq, chunk.firstSeq))),
      );
    }
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
  }
  return counts;
}

/**
 * The retention sweep of one tenant: redacts rows received before `cutoff` that may hold personal
 * data, up to `maxRows` per call (the cron calls again the next day; rows are never redacted twice).
 */
export async function redactAuditBefore(
  d1: D1Database,
  tenantId: string,
  cutoff: number,
  now: number,
  maxRows = 2_000,
): Promise<{ events: number; rejections: number; done: boolean }> {
  const db = drizzle(d1);
  const total = { events: 0, rejections: 0, done: false };
  // Event ids sort by reception time: everything received before the cutoff sorts below this id.
  const upperId = `evt_${newUlid(cutoff).slice(0, 10)}`;
  while (total.events < maxRows) {
    const withText = await db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.tenantId, tenantId), lt(events.id, upperId), sql`${UNREDACTED}`))
      .orderBy(asc(events.id))
      .limit(IDS_PER_QUERY);
    const page = withText.length > 0 ? withText.map((r) => r.id) : await hashedBefore(d1, tenantId, upperId, Math.min(IDS_PER_QUERY, maxRows - total.events));
    if (page.length === 0) {
      total.done = true;
      break;
    }
    const counts = await redactAuditEvents(d1, tenantId, page, now);
    total.events += counts.events;
    total.rejections += counts.rejections;
  }
  return total;
}

/**
 * Rows still holding a person's hash, received before `upperId`. Redaction drops the hash, so the
 * person index holds exactly the hashes not yet redacted; it is named because without statistics
 * SQLite would rather walk every old row of the tenant by id, redacted or not.
 */
async function hashedBefore(d1: D1Database, tenantId: string, upperId: string, limit: number): Promise<string[]> {
  const { results } = await d1
    .prepare("SELECT id FROM events INDEXED BY events_tenant_person WHERE tenant_id = ?1 AND person_hash IS NOT NULL AND id < ?2 LIMIT ?3")
    .bind(tenantId, upperId, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

function redactEntry(entry: TimelineEntry): TimelineEntry {
  if (!entry.detail) return entry;
  const detail: Record<string, unknown> = { ...entry.detail };
  const error = detail.error as EventError | undefined;
  if (error && typeof error === "object" && typeof error.message === "string") detail.error = { ...error, message: REDACTED };
  if (entry.step === "rejected" && typeof detail.reason === "string") detail.reason = REDACTED;
  return { ...entry, detail };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
