/** Counts of the audit trail (tenant database) that alert rules and the health route read. */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { WAITING_STATUSES } from "../audit/audit-message";
import { events, STATUS_INDEXED_SQL } from "./schema";

/** A tenant's events waiting, retrying and dead now, per status (the health route). */
export async function countOpenEvents(d1: D1Database, tenantId: string): Promise<{ status: string; n: number }[]> {
  return drizzle(d1)
    .select({ status: events.status, n: count() })
    .from(events)
    // The status index's predicate: SQLite reads that index only for a query that carries it.
    .where(and(eq(events.tenantId, tenantId), inArray(events.status, [...WAITING_STATUSES, "retrying", "dead"]), sql.raw(STATUS_INDEXED_SQL)))
    .groupBy(events.status);
}

/** Events that went dead since `since` (their audit row's last update), optionally of one source. */
export async function countDeadSince(d1: D1Database, tenantId: string, since: number, sourceId?: string): Promise<number> {
  const row = await d1
    .prepare(`SELECT COUNT(*) AS n FROM events WHERE tenant_id = ?1 AND status = 'dead' AND ${STATUS_INDEXED_SQL} AND updated_at >= ?2${sourceId ? " AND source_id = ?3" : ""}`)
    .bind(...[tenantId, since, ...(sourceId ? [sourceId] : [])])
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Deliveries refused at ingest (bad signature or unreadable body) received since `since`. The audit
 * trail records at most 10 refusals per source and minute per Worker isolate (audit/rejections.ts):
 * beyond that this counts the recorded ones.
 */
export async function countRejectedSince(d1: D1Database, tenantId: string, since: number, sourceId?: string): Promise<number> {
  const row = await d1
    .prepare(`SELECT COUNT(*) AS n FROM events WHERE tenant_id = ?1 AND status = 'rejected' AND ${STATUS_INDEXED_SQL} AND received_at >= ?2${sourceId ? " AND source_id = ?3" : ""}`)
    .bind(...[tenantId, since, ...(sourceId ? [sourceId] : [])])
    .first<{ n: number }>();
  return row?.n ?? 0;
}
