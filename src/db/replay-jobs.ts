/**
 * Replay jobs in D1 and the event selection they work through. A job covers the events that
 * matched its filter when it was asked for (ids up to `upperId`), oldest first, so that an
 * entity's versions are replayed in order and newer ones supersede older ones.
 */
import { and, asc, count, desc, eq, gt, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, replayJobs } from "./schema";

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
  if (filter.status) where.push(eq(events.status, filter.status));
  if (filter.source) where.push(eq(events.sourceId, filter.source));
  if (filter.kind) where.push(eq(events.kind, filter.kind));
  if (filter.type) where.push(or(eq(events.type, filter.type), eq(events.topic, filter.type))!);
  if (filter.since !== undefined) where.push(gte(events.receivedAt, filter.since));
  if (filter.until !== undefined) where.push(lte(events.receivedAt, filter.until));
  if (filter.eventIds) where.push(inArray(events.id, filter.eventIds));
  return where;
}

/** The newest event id of the tenant now: the job's upper bound. */
export async function newestEventId(d1: D1Database, tenantId: string): Promise<string | null> {
  const row = await drizzle(d1).select({ id: events.id }).from(events).where(eq(events.tenantId, tenantId)).orderBy(desc(events.id)).limit(1).get();
  return row?.id ?? null;
}

export async function countMatching(d1: D1Database, tenantId: string, filter: ReplayFilter, upperId: string): Promise<number> {
  const row = await drizzle(d1).select({ n: count() }).from(events).where(and(...conditions(tenantId, filter, upperId))).get();
  return row?.n ?? 0;
}

export async function nextPage(
  d1: D1Database,
  job: { tenantId: string; filter: ReplayFilter; cursor: string | null; upperId: string },
  size: number,
) {
  const where = conditions(job.tenantId, job.filter, job.upperId);
  if (job.cursor) where.push(gt(events.id, job.cursor));
  return drizzle(d1)
    .select({ id: events.id, sourceId: events.sourceId, kind: events.kind, externalId: events.externalId })
    .from(events)
    .where(and(...where))
    .orderBy(asc(events.id))
    .limit(size);
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
