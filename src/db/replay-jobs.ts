/**
 * Replay jobs in D1 and the event selection they work through. A job covers the events that
 * matched its filter when it was asked for (ids up to `upperId`), oldest first, so that an
 * entity's versions are replayed in order and newer ones supersede older ones.
 *
 * D1 binds at most 100 parameters per query and a replay may name up to 1,000 `eventIds`: a list
 * of ids is never bound whole, but in chunks of ID_CHUNK (the other conditions take < 20).
 */
import { chunked } from "./chunks";
import { and, asc, count, desc, eq, gt, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, replayJobs, whereStatus } from "./schema";

export interface ReplayFilter {
  status?: string;
  source?: string;
  kind?: string;
  type?: string;
  since?: number;
  until?: number;
  eventIds?: string[];
}

function conditions(tenantId: string, filter: ReplayFilter, upperId: string): SQL[] {
  const where: SQL[] = [eq(events.tenantId, tenantId), lte(events.id, upperId)];
  // Only events that carry a write can be replayed: not duplicates nor ignored deliveries.
  where.push(inArray(events.status, ["dead", "delivered", "stale", "superseded", "retrying", "queued", "accepted"]));
  if (filter.status) where.push(...whereStatus(filter.status));
  if (filter.source) where.push(eq(events.sourceId, filter.source));
  if (filter.kind) where.push(eq(events.kind, filter.kind));
  if (filter.type) where.push(or(eq(events.type, filter.type), eq(events.topic, filter.type))!);
  if (filter.since !== undefined) where.push(gte(events.receivedAt, filter.since));
  if (filter.until !== undefined) where.push(lte(events.receivedAt, filter.until));
  return where;
}

/** Ids bound in one query, next to the filter's own parameters (at most ~16). */
export const ID_CHUNK = 50;

/** The filter's ids, each once, in id order (the order a job walks them). */
function sortedIds(eventIds: string[]): string[] {
  return [...new Set(eventIds)].sort();
}

/** The newest event id of the tenant now: the job's upper bound. */
export async function newestEventId(d1: D1Database, tenantId: string): Promise<string | null> {
  const row = await drizzle(d1).select({ id: events.id }).from(events).where(eq(events.tenantId, tenantId)).orderBy(desc(events.id)).limit(1).get();
  return row?.id ?? null;
}

export async function countMatching(d1: D1Database, tenantId: string, filter: ReplayFilter, upperId: string): Promise<number> {
  const db = drizzle(d1);
  const where = conditions(tenantId, filter, upperId);
  if (!filter.eventIds) {
    const row = await db.select({ n: count() }).from(events).where(and(...where)).get();
    return row?.n ?? 0;
  }
  // One count per chunk of ids, all in one round trip; the ids are distinct, so the counts add up.
  const ids = sortedIds(filter.eventIds);
  const [first, ...rest] = chunked(ids, ID_CHUNK).map((chunk) =>
    db.select({ n: count() }).from(events).where(and(...where, inArray(events.id, chunk))),
  );
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  return results.reduce((sum, rows) => sum + (rows[0]?.n ?? 0), 0);
}

export interface ReplayPage {
  events: { id: string; sourceId: string; kind: string | null; externalId: string | null }[];
  /** Where the next page starts (exclusive): the last event id this page covered. */
  cursor: string | null;
  /** Nothing is left after this page. */
  done: boolean;
}

/**
 * The next events of a job after its cursor, oldest first. With `eventIds`, a page looks at the
 * next `size` (<= ID_CHUNK) listed ids after the cursor, found or not, so the cursor moves past
 * ids that no longer match and the job still ends.
 */
export async function nextPage(
  d1: D1Database,
  job: { tenantId: string; filter: ReplayFilter; cursor: string | null; upperId: string },
  size: number,
): Promise<ReplayPage> {
  const where = conditions(job.tenantId, job.filter, job.upperId);
  if (job.cursor) where.push(gt(events.id, job.cursor));
  const columns = { id: events.id, sourceId: events.sourceId, kind: events.kind, externalId: events.externalId };
  if (job.filter.eventIds) {
    const left = sortedIds(job.filter.eventIds).filter((id) => job.cursor === null || id > job.cursor);
    const chunk = left.slice(0, Math.min(size, ID_CHUNK));
    if (chunk.length === 0) return { events: [], cursor: job.cursor, done: true };
    const rows = await drizzle(d1)
      .select(columns)
      .from(events)
      .where(and(...where, inArray(events.id, chunk)))
      .orderBy(asc(events.id));
    return { events: rows, cursor: chunk.at(-1)!, done: left.length === chunk.length };
  }
  const rows = await drizzle(d1).select(columns).from(events).where(and(...where)).orderBy(asc(events.id)).limit(size);
  return { events: rows, cursor: rows.at(-1)?.id ?? job.cursor, done: rows.length < size };
}


export type ReplayJob = typeof replayJobs.$inferSelect;

export async function insertJob(d1: D1Database, job: typeof replayJobs.$inferInsert): Promise<void> {
  await drizzle(d1).insert(replayJobs).values(job);
}

export async function getJob(d1: D1Database, tenantId: string, jobId: string): Promise<ReplayJob | null> {
  return (
    (await drizzle(d1)
      .select()
      .from(replayJobs)
      .where(and(eq(replayJobs.tenantId, tenantId), eq(replayJobs.id, jobId)))
      .get()) ?? null
  );
}

export async function advanceJob(
  d1: D1Database,
  jobId: string,
  progress: { cursor: string | null; replayed: number; skipped: number; done: boolean },
): Promise<void> {
  await drizzle(d1)
    .update(replayJobs)
    .set({
      cursor: progress.cursor,
      replayed: sql`${replayJobs.replayed} + ${progress.replayed}`,
      skipped: sql`${replayJobs.skipped} + ${progress.skipped}`,
      status: progress.done ? "done" : "running",
      finishedAt: progress.done ? Date.now() : null,
    })
    .where(eq(replayJobs.id, jobId));
}

export function presentJob(job: ReplayJob) {
  return {
    jobId: job.id,
    tenant: job.tenantId,
    status: job.status,
    filter: job.filter,
    total: job.total,
    replayed: job.replayed,
    skipped: job.skipped,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
  };
}
