/**
 * Reconciliation in D1: each source's schedule and watermark (control database), the jobs, the
 * records a job waits on, and the exceptions found (the tenant's own database, like replay jobs).
 *
 * D1 binds at most 100 parameters per query: lists of ids are bound in chunks of ID_CHUNK.
 */
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { newUlid } from "../ids";
import { chunked } from "./chunks";
import { events, mappings, reconciliationExceptions, reconciliationJobs, reconciliationPending, sourceReconciliations } from "./schema";

/** Ids bound in one query next to the few other parameters. */
export const ID_CHUNK = 80;


// --- schedule and watermark (control database) ------------------------------------------------

export type SourceReconciliation = typeof sourceReconciliations.$inferSelect;

export async function putReconcileSettings(d1: D1Database, tenantId: string, sourceId: string, settings: { everySeconds: number; lookbackHours: number } | null): Promise<void> {
  const db = drizzle(d1);
  const where = and(eq(sourceReconciliations.tenantId, tenantId), eq(sourceReconciliations.sourceId, sourceId));
  if (!settings) {
    await db.delete(sourceReconciliations).where(where);
    return;
  }
  const row = { everySeconds: settings.everySeconds, lookbackHours: settings.lookbackHours, updatedAt: Date.now() };
  await db
    .insert(sourceReconciliations)
    .values({ tenantId, sourceId, ...row })
    .onConflictDoUpdate({ target: [sourceReconciliations.tenantId, sourceReconciliations.sourceId], set: row });
}

export async function getReconcileSettings(d1: D1Database, tenantId: string, sourceId: string): Promise<SourceReconciliation | null> {
  const row = await drizzle(d1)
    .select()
    .from(sourceReconciliations)
    .where(and(eq(sourceReconciliations.tenantId, tenantId), eq(sourceReconciliations.sourceId, sourceId)))
    .get();
  return row ?? null;
}

export async function listReconcileSettings(d1: D1Database, tenantId?: string): Promise<SourceReconciliation[]> {
  return drizzle(d1)
    .select()
    .from(sourceReconciliations)
    .where(tenantId === undefined ? undefined : eq(sourceReconciliations.tenantId, tenantId))
    .all();
}

/** Takes a schedule slot for a source; false when another cron run took it first (or it was taken). */
export async function claimSlot(d1: D1Database, tenantId: string, sourceId: string, slot: number): Promise<boolean> {
  const taken = await drizzle(d1)
    .update(sourceReconciliations)
    .set({ lastSlot: slot })
    .where(
      and(
        eq(sourceReconciliations.tenantId, tenantId),
        eq(sourceReconciliations.sourceId, sourceId),
        or(isNull(sourceReconciliations.lastSlot), lt(sourceReconciliations.lastSlot, slot)),
      ),
    )
    .returning({ slot: sourceReconciliations.lastSlot });
  return taken.length > 0;
}

/** Moves the watermark forward (never back: a slow older job must not undo a newer one). */
export async function advanceWatermark(d1: D1Database, tenantId: string, sourceId: string, until: number): Promise<void> {
  await drizzle(d1)
    .update(sourceReconciliations)
    .set({ watermark: sql`MAX(COALESCE(${sourceReconciliations.watermark}, 0), ${until})` })
    .where(and(eq(sourceReconciliations.tenantId, tenantId), eq(sourceReconciliations.sourceId, sourceId)));
}

// --- jobs (tenant database) --------------------------------------------------------------------

export type ReconciliationJob = typeof reconciliationJobs.$inferSelect;
export type JobCounts = Pick<ReconciliationJob, "listed" | "unchanged" | "fed" | "written" | "exceptions">;

export async function insertJob(d1: D1Database, job: typeof reconciliationJobs.$inferInsert): Promise<void> {
  await drizzle(d1).insert(reconciliationJobs).values(job);
}

export async function getJob(d1: D1Database, tenantId: string, jobId: string): Promise<ReconciliationJob | null> {
  const row = await drizzle(d1)
    .select()
    .from(reconciliationJobs)
    .where(and(eq(reconciliationJobs.tenantId, tenantId), eq(reconciliationJobs.id, jobId)))
    .get();
  return row ?? null;
}

export async function runningJob(d1: D1Database, tenantId: string, sourceId: string): Promise<ReconciliationJob | null> {
  const row = await drizzle(d1)
    .select()
    .from(reconciliationJobs)
    .where(and(eq(reconciliationJobs.tenantId, tenantId), eq(reconciliationJobs.sourceId, sourceId), eq(reconciliationJobs.state, "running")))
    .get();
  return row ?? null;
}

export async function listJobs(d1: D1Database, tenantId: string, opts: { source?: string; cursor?: string; limit: number }): Promise<ReconciliationJob[]> {
  return drizzle(d1)
    .select()
    .from(reconciliationJobs)
    .where(
      and(
        eq(reconciliationJobs.tenantId, tenantId),
        opts.source ? eq(reconciliationJobs.sourceId, opts.source) : undefined,
        opts.cursor ? gt(reconciliationJobs.id, opts.cursor) : undefined,
      ),
    )
    .orderBy(asc(reconciliationJobs.id))
    .limit(opts.limit)
    .all();
}

/** Adds to the job's counts and sets the other fields given, in one statement. */
export async function updateJob(
  d1: D1Database,
  jobId: string,
  add: Partial<JobCounts & { pages: number }>,
  set: Partial<Pick<ReconciliationJob, "cursor" | "phase" | "state" | "error" | "warning" | "settleDeadline" | "finishedAt">> = {},
): Promise<void> {
  const t = reconciliationJobs;
  const increments = Object.fromEntries(
    (Object.entries(add) as [keyof typeof add, number][]).filter(([, n]) => n).map(([k, n]) => [k, sql`${t[k]} + ${n}`]),
  );
  const changes = { ...increments, ...set };
  if (Object.keys(changes).length === 0) return;
  await drizzle(d1).update(t).set(changes).where(eq(t.id, jobId));
}

export function presentJob(job: ReconciliationJob) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: job.id,
    source: job.sourceId,
    trigger: job.trigger,
    dryRun: job.dryRun,
    state: job.state,
    phase: job.phase,
    window: { since: iso(job.since), until: iso(job.until) },
    progress: { pages: job.pages, more: job.state === "running" },
    counts: { listed: job.listed, unchanged: job.unchanged, fed: job.fed, written: job.written, exceptions: job.exceptions },
    warning: job.warning,
    error: job.error,
    createdAt: iso(job.createdAt),
    finishedAt: iso(job.finishedAt),
  };
}

// --- records waiting for their write (tenant database) -----------------------------------------

export interface PendingRecord {
  kind: string;
  externalId: string;
  eventId: string;
  listed: Record<string, unknown>;
}

export async function addPending(d1: D1Database, jobId: string, records: PendingRecord[]): Promise<void> {
  const db = drizzle(d1);
  // 5 parameters a row: 16 rows per statement, all statements in one round trip.
  const statements = chunked(records, 16).map((rows) =>
    db
      .insert(reconciliationPending)
      .values(rows.map((r) => ({ jobId, ...r })))
      .onConflictDoUpdate({
        target: [reconciliationPending.jobId, reconciliationPending.kind, reconciliationPending.externalId],
        set: { eventId: sql`excluded.event_id`, listed: sql`excluded.listed` },
      }),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

export async function pendingOf(d1: D1Database, jobId: string, limit: number): Promise<PendingRecord[]> {
  return drizzle(d1)
    .select({ kind: reconciliationPending.kind, externalId: reconciliationPending.externalId, eventId: reconciliationPending.eventId, listed: reconciliationPending.listed })
    .from(reconciliationPending)
    .where(eq(reconciliationPending.jobId, jobId))
    .orderBy(asc(reconciliationPending.kind), asc(reconciliationPending.externalId))
    .limit(limit)
    .all();
}

export async function removePending(d1: D1Database, jobId: string, records: { kind: string; externalId: string }[]): Promise<void> {
  const db = drizzle(d1);
  const byKind = new Map<string, string[]>();
  for (const r of records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.externalId]);
  const statements = [...byKind].flatMap(([kind, ids]) =>
    chunked(ids, ID_CHUNK).map((chunk) =>
      db
        .delete(reconciliationPending)
        .where(and(eq(reconciliationPending.jobId, jobId), eq(reconciliationPending.kind, kind), inArray(reconciliationPending.externalId, chunk))),
    ),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** The audit status of events (what became of a fed write), by event id. */
export async function eventStatuses(d1: D1Database, tenantId: string, eventIds: string[]): Promise<Map<string, string>> {
  const db = drizzle(d1);
  const out = new Map<string, string>();
  for (const chunk of chunked(eventIds, ID_CHUNK)) {
    const rows = await db
      .select({ id: events.id, status: events.status })
      .from(events)
      .where(and(eq(events.tenantId, tenantId), inArray(events.id, chunk)))
      .all();
    for (const row of rows) out.set(row.id, row.status);
  }
  return out;
}

/** External id -> Odoo record for one kind of a source (the writers' mappings), read in chunks. */
export async function mappedRecords(d1: D1Database, tenantId: string, sourceId: string, kind: string, externalIds: string[]): Promise<Map<string, { model: string; id: number }>> {
  const db = drizzle(d1);
  const out = new Map<string, { model: string; id: number }>();
  const statements = chunked([...new Set(externalIds)], ID_CHUNK).map((chunk) =>
    db
      .select({ externalId: mappings.externalId, model: mappings.odooModel, id: mappings.odooId })
      .from(mappings)
      .where(and(eq(mappings.tenantId, tenantId), eq(mappings.sourceId, sourceId), eq(mappings.kind, kind), inArray(mappings.externalId, chunk))),
  );
  const [first, ...rest] = statements;
  if (!first) return out;
  for (const rows of await db.batch([first, ...rest])) for (const row of rows) out.set(row.externalId, { model: row.model, id: row.id });
  return out;
}

// --- exceptions (tenant database) --------------------------------------------------------------

export type ExceptionType = (typeof reconciliationExceptions.$inferSelect)["type"];
export const EXCEPTION_TYPES: readonly ExceptionType[] = ["missing_in_odoo", "amount_differs", "state_differs"];

export interface FoundException {
  kind: string;
  externalId: string;
  type: ExceptionType;
  odoo: { model: string; id: number } | null;
  providerValue: Record<string, unknown>;
  odooValue: Record<string, unknown> | null;
}

/**
 * Records what one comparison found for a set of records: the exceptions found are upserted (the
 * first finding's id kept), the other exception types of the same records are resolved (deleted).
 */
export async function recordComparison(
  d1: D1Database,
  scope: { tenantId: string; sourceId: string; jobId: string; now: number },
  compared: { kind: string; externalId: string }[],
  found: FoundException[],
): Promise<void> {
  const db = drizzle(d1);
  const t = reconciliationExceptions;
  const statements = [];
  const byKind = new Map<string, string[]>();
  for (const r of compared) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.externalId]);
  const foundKeys = new Set(found.map((f) => `${f.kind}\u0000${f.externalId}\u0000${f.type}`));
  for (const [kind, ids] of byKind) {
    for (const chunk of chunked(ids, ID_CHUNK)) {
      for (const type of EXCEPTION_TYPES) {
        const resolved = chunk.filter((id) => !foundKeys.has(`${kind}\u0000${id}\u0000${type}`));
        if (resolved.length === 0) continue;
        statements.push(
          db.delete(t).where(and(eq(t.tenantId, scope.tenantId), eq(t.sourceId, scope.sourceId), eq(t.kind, kind), eq(t.type, type), inArray(t.externalId, resolved))),
        );
      }
    }
  }
  for (const f of found) {
    statements.push(
      db
        .insert(t)
        .values({
          id: `rex_${newUlid()}`,
          tenantId: scope.tenantId,
          sourceId: scope.sourceId,
          kind: f.kind,
          externalId: f.externalId,
          type: f.type,
          jobId: scope.jobId,
          odooModel: f.odoo?.model ?? null,
          odooId: f.odoo?.id ?? null,
          providerValue: f.providerValue,
          odooValue: f.odooValue,
          firstSeenAt: scope.now,
          lastSeenAt: scope.now,
        })
        .onConflictDoUpdate({
          target: [t.tenantId, t.sourceId, t.kind, t.externalId, t.type],
          set: {
            jobId: scope.jobId,
            odooModel: sql`excluded.odoo_model`,
            odooId: sql`excluded.odoo_id`,
            providerValue: sql`excluded.provider_value`,
            odooValue: sql`excluded.odoo_value`,
            lastSeenAt: scope.now,
          },
        }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

export interface ExceptionFilter {
  source?: string;
  type?: ExceptionType;
  jobId?: string;
  /** Exclusive: the last id of the previous page. */
  cursor?: string;
  limit: number;
}

/** How many reconciliation exceptions of a type the tenant has, counting up to `max`. */
export async function countReconciliationExceptions(d1: D1Database, tenantId: string, type: ExceptionType, max: number): Promise<number> {
  const row = await d1
    .prepare("SELECT count(*) AS n FROM (SELECT 1 FROM reconciliation_exceptions WHERE tenant_id = ?1 AND type = ?2 LIMIT ?3)")
    .bind(tenantId, type, max)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * The reconciliation exceptions still open (what differs between a provider and Odoo now), oldest
 * finding first. Exported for the operations views that join exceptions of several origins.
 */
export async function listReconciliationExceptions(d1: D1Database, tenantId: string, filter: ExceptionFilter) {
  const t = reconciliationExceptions;
  const rows = await drizzle(d1)
    .select()
    .from(t)
    .where(
      and(
        eq(t.tenantId, tenantId),
        filter.source ? eq(t.sourceId, filter.source) : undefined,
        filter.type ? eq(t.type, filter.type) : undefined,
        filter.jobId ? eq(t.jobId, filter.jobId) : undefined,
        filter.cursor ? gt(t.id, filter.cursor) : undefined,
      ),
    )
    .orderBy(asc(t.id))
    .limit(filter.limit)
    .all();
  return rows.map((r) => ({
    id: r.id,
    source: r.sourceId,
    kind: r.kind,
    externalId: r.externalId,
    type: r.type,
    jobId: r.jobId,
    odoo: r.odooModel && r.odooId !== null ? { model: r.odooModel, id: r.odooId } : null,
    provider: r.providerValue,
    odooValue: r.odooValue,
    firstSeenAt: new Date(r.firstSeenAt).toISOString(),
    lastSeenAt: new Date(r.lastSeenAt).toISOString(),
  }));
}
