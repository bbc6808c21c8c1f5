/**
 * The metrics API's answer, shaped from rollup rows: one series per source and kind, a point per
 * bucket that has counts (buckets without any are left out), totals over the range, and the
 * events retrying or waiting now.
 */
import type { BacklogRow, MetricRow } from "../db/metric-rollups";
import { percentiles } from "./latency-histogram";
import { isOutboundFlow } from "../outbound/flow";

export interface MetricPoint {
  received: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  ignored: number;
  stale: number;
  superseded: number;
  /** Provider webhooks that reported the router's own outbound write (nothing written). */
  echo: number;
  delivered: number;
  dead: number;
  /** delivered / (delivered + dead) of the writes that finished in the bucket; null when none did. */
  successRate: number | null;
  ackLatencyMs: Percentiles;
  /** Webhook received -> written in Odoo, retries included. */
  deliveryLatencyMs: Percentiles;
  odoo: { attempts: number; failedAttempts: number; calls: number; latencyMs: Percentiles };
}
type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

export interface MetricSeries {
  source: string;
  kind: string | null;
  /** outbound: Odoo's changes going out to providers (a flow's kind on the Odoo source); inbound: the rest. */
  direction: "inbound" | "outbound";
  now: { retrying: number; waiting: number };
  totals: MetricPoint;
  points: (MetricPoint & { at: string })[];
}

/** Counts of one bucket (or of the whole range) while rows are added. */
class Tally {
  private counts = new Map<string, number>();
  private histograms = new Map<string, Map<string, number>>();

  add(row: MetricRow): void {
    if (row.metric.endsWith("_ms")) {
      let histogram = this.histograms.get(row.metric);
      if (!histogram) this.histograms.set(row.metric, (histogram = new Map()));
      histogram.set(row.label, (histogram.get(row.label) ?? 0) + row.n);
    } else {
      const key = row.label ? `${row.metric}:${row.label}` : row.metric;
      this.counts.set(key, (this.counts.get(key) ?? 0) + row.n);
    }
  }

  point(): MetricPoint {
    const n = (key: string) => this.counts.get(key) ?? 0;
    const latency = (metric: string) => percentiles(this.histograms.get(metric) ?? new Map());
    const byReason = Object.fromEntries(
      [...this.counts].filter(([key]) => key.startsWith("rejected:")).map(([key, value]) => [key.slice("rejected:".length), value]),
    );
    const delivered = n("delivered");
    const dead = n("dead");
    return {
      received: n("received"),
      accepted: n("accepted"),
      duplicate: n("duplicate"),
      rejected: Object.values(byReason).reduce((a, b) => a + b, 0),
      rejectedByReason: byReason,
      ignored: n("ignored"),
      stale: n("stale"),
      superseded: n("superseded"),
      echo: n("echo"),
      delivered,
      dead,
      successRate: delivered + dead > 0 ? delivered / (delivered + dead) : null,
      ackLatencyMs: latency("ack_ms"),
      deliveryLatencyMs: latency("e2e_ms"),
      odoo: {
        attempts: n("odoo_attempt:ok") + n("odoo_attempt:failed"),
        failedAttempts: n("odoo_attempt:failed"),
        calls: n("odoo_call"),
        latencyMs: latency("odoo_ms"),
      },
    };
  }
}

export function buildSeries(rows: readonly MetricRow[], backlog: readonly BacklogRow[]): MetricSeries[] {
  const series = new Map<string, { source: string; kind: string; totals: Tally; points: Map<number, Tally>; now: MetricSeries["now"] }>();
  const seriesOf = (source: string, kind: string) => {
    const key = `${source}\u0000${kind}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { source, kind, totals: new Tally(), points: new Map(), now: { retrying: 0, waiting: 0 } }));
    return s;
  };
  for (const row of rows) {
    const s = seriesOf(row.sourceId, row.kind);
    s.totals.add(row);
    let tally = s.points.get(row.at);
    if (!tally) s.points.set(row.at, (tally = new Tally()));
    tally.add(row);
  }
  for (const row of backlog) {
    const s = seriesOf(row.sourceId, row.kind);
    s.now = { retrying: row.retrying, waiting: row.waiting };
  }
  return [...series.values()]
    .sort((a, b) => a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind))
    .map((s) => ({
      source: s.source,
      kind: s.kind || null,
      direction: isOutboundFlow(s.kind) ? "outbound" : "inbound",
      now: s.now,
      totals: s.totals.point(),
      points: [...s.points]
        .sort(([a], [b]) => a - b)
        .map(([at, tally]) => ({ at: new Date(at).toISOString(), ...tally.point() })),
    }));
}
