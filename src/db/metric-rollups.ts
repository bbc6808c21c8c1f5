/**
 * Metric rollups in D1 (tables metric_counts and metric_totals, see schema.ts): the upserts the
 * audit consumer adds to its batch, and the reads of the metrics API and GET /metrics. Always the
 * tenant's own database (tenant/region.ts), the one its audit trail is in.
 */
import type { Contribution } from "../metrics/rollup";
import { WAITING_STATUSES } from "../audit/audit-message";
import { STATUS_INDEXED_SQL } from "./schema";

/** Contributions per statement: one JSON parameter, kept well under D1's 2 MB value size. */
const CONTRIBUTIONS_PER_STATEMENT = 2_000;

/**
 * A row's `counts`: {"[metric,label]": [n, sum_ms]}. One row per (tenant, minute, source, kind)
 * holds all its metrics (migrations/0016): an audit batch writes one row per such key and table,
 * not one per metric and label (D1 bills every written row).
 */
const COUNTS_OF_BATCH = "json_group_object(json_array(metric, label), json_array(n, sum_ms))";
/** The stored counts plus the new ones, added key by key (the upsert's SET). */
const mergedCounts = (table: string) => `(
  SELECT json_group_object(k, json_array(n, sum_ms)) FROM (
    SELECT k, SUM(n) AS n, SUM(sum_ms) AS sum_ms FROM (
      SELECT key AS k, value ->> 0 AS n, value ->> 1 AS sum_ms FROM json_each(${table}.counts)
      UNION ALL SELECT key, value ->> 0, value ->> 1 FROM json_each(excluded.counts)
    ) GROUP BY k))`;

/**
 * Upserts that add a batch's contributions, aggregated in SQL per row key. They must run in the
 * same D1 batch as, and before, the events' upserts: an entry already in the audit trail (on its
 * event's row, or in a timeline chunk written before migrations/0016; a message shipped again) is
 * skipped, so a count is never added twice, and a failed batch adds nothing (one transaction).
 */
export function addContributions(d1: D1Database, contributions: readonly Contribution[]): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < contributions.length; i += CONTRIBUTIONS_PER_STATEMENT) {
    const json = JSON.stringify(
      contributions
        .slice(i, i + CONTRIBUTIONS_PER_STATEMENT)
        .map((c) => [c.tenantId, c.sourceId, c.kind, c.minuteAt, c.metric, c.label, c.n, c.sumMs, c.eventId, c.seq, c.receivedAt]),
    );
    // Summed per (tenant, source, kind, minute, metric, label), then packed per row key.
    const fresh = `SELECT c.value ->> 0 AS tenant_id, c.value ->> 1 AS source_id, c.value ->> 2 AS kind, c.value ->> 3 AS minute_at,
               c.value ->> 4 AS metric, c.value ->> 5 AS label, SUM(c.value ->> 6) AS n, SUM(c.value ->> 7) AS sum_ms,
               MAX(c.value ->> 10) AS received_at
      FROM json_each(?) AS c
      WHERE NOT EXISTS (
        SELECT 1 FROM events e, json_each(e.timeline) AS entry
        WHERE e.id = c.value ->> 8 AND entry.value ->> 'seq' = c.value ->> 9
      ) AND NOT EXISTS (
        SELECT 1 FROM timeline_chunks t
        WHERE t.event_id = c.value ->> 8
          AND c.value ->> 9 BETWEEN t.first_seq AND t.first_seq + json_array_length(t.entries) - 1
      )`;
    statements.push(
      // "WHERE true": SQLite's upsert after a SELECT needs a WHERE to parse the ON CONFLICT.
      d1.prepare(`INSERT INTO metric_counts (tenant_id, source_id, kind, minute_at, counts)
        SELECT tenant_id, source_id, kind, minute_at, ${COUNTS_OF_BATCH}
        FROM (${fresh} GROUP BY 1, 2, 3, 4, 5, 6)
        WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, minute_at, source_id, kind) DO UPDATE SET counts = ${mergedCounts("metric_counts")}`).bind(json),
      // The totals also keep the newest receipt (MAX ignores refused deliveries' nulls).
      d1.prepare(`INSERT INTO metric_totals (tenant_id, source_id, kind, counts, last_received_at)
        SELECT tenant_id, source_id, kind, ${COUNTS_OF_BATCH}, MAX(received_at)
        FROM (SELECT tenant_id, source_id, kind, metric, label, SUM(n) AS n, SUM(sum_ms) AS sum_ms, MAX(received_at) AS received_at
              FROM (${fresh} GROUP BY 1, 2, 3, 4, 5, 6) GROUP BY 1, 2, 3, 4, 5)
        WHERE true GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, source_id, kind) DO UPDATE SET counts = ${mergedCounts("metric_totals")},
          last_received_at = CASE WHEN excluded.last_received_at > COALESCE(metric_totals.last_received_at, 0)
                                  THEN excluded.last_received_at ELSE metric_totals.last_received_at END`).bind(json),
    );
  }
  return statements;
}

export interface MetricRow {
  tenantId: string;
  sourceId: string;
  kind: string;
  /** Start of the bucket (epoch ms); 0 for totals. */
  at: number;
  metric: string;
  label: string;
  n: number;
  sumMs: number;
}

/** A tenant's counts in [from, to), summed per bucket of `bucketMs` (minute rows roll up by SUM). */
export async function readBuckets(
  d1: D1Database,
  q: { tenantId: string; from: number; to: number; bucketMs: number; sourceId?: string; kind?: string },
): Promise<MetricRow[]> {
  // CAST: D1 binds a JS number as REAL, and REAL division would not truncate to the bucket.
  const filters = [q.sourceId !== undefined ? "AND source_id = ?" : "", q.kind !== undefined ? "AND kind = ?" : ""].join(" ");
  const binds = [q.bucketMs, q.bucketMs, q.tenantId, q.from, q.to, ...(q.sourceId !== undefined ? [q.sourceId] : []), ...(q.kind !== undefined ? [q.kind] : [])];
  const { results } = await d1
    .prepare(
      `SELECT tenant_id AS tenantId, source_id AS sourceId, kind, (minute_at / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS at,
              c.key ->> 0 AS metric, c.key ->> 1 AS label, SUM(c.value ->> 0) AS n, SUM(c.value ->> 1) AS sumMs
       FROM metric_counts, json_each(metric_counts.counts) AS c
       WHERE tenant_id = ? AND minute_at >= ? AND minute_at < ? ${filters}
       GROUP BY source_id, kind, at, metric, label
       ORDER BY source_id, kind, at`,
    )
    .bind(...binds)
    .all<MetricRow>();
  return results;
}

/** Every tenant's counts since the beginning, in one database. */
export async function readTotals(d1: D1Database): Promise<MetricRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT tenant_id AS tenantId, source_id AS sourceId, kind, 0 AS at, c.key ->> 0 AS metric, c.key ->> 1 AS label,
              c.value ->> 0 AS n, c.value ->> 1 AS sumMs
       FROM metric_totals, json_each(metric_totals.counts) AS c ORDER BY tenant_id, source_id, kind, metric, label`,
    )
    .all<MetricRow>();
  return results;
}

export interface BacklogRow {
  tenantId: string;
  sourceId: string;
  kind: string;
  retrying: number;
  waiting: number;
}

/**
 * Events not yet settled, from their current status: retrying (an attempt failed, another is
 * due) and waiting (accepted behind another write of the entity, or queued for Odoo), as the
 * health route counts them. Per tenant, on the (tenant, status) index (STATUS_INDEXED_SQL).
 */
export async function readBacklog(d1: D1Database, tenantIds: readonly string[]): Promise<BacklogRow[]> {
  if (tenantIds.length === 0) return [];
  const waiting = WAITING_STATUSES.map((status) => `'${status}'`).join(", ");
  const statements = tenantIds.map((tenantId) =>
    d1
      .prepare(
        `SELECT tenant_id AS tenantId, source_id AS sourceId, COALESCE(kind, '') AS kind,
                SUM(status = 'retrying') AS retrying, SUM(status IN (${waiting})) AS waiting
         FROM events
         WHERE tenant_id = ? AND status IN (${waiting}, 'retrying') AND ${STATUS_INDEXED_SQL}
         GROUP BY source_id, COALESCE(kind, '')`,
      )
      .bind(tenantId),
  );
  const results = await d1.batch<BacklogRow>(statements);
  return results.flatMap((r) => r.results);
}
