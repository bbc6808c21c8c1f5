/**
 * GET /metrics in the Prometheus text exposition format (version 0.0.4): counters since the
 * beginning per tenant, source and kind (metric_totals), gauges of the events retrying and
 * waiting now, and the latency histograms in seconds with cumulative `le` buckets.
 */
import type { BacklogRow, MetricRow } from "../db/metric-rollups";
import { LATENCY_BOUNDS_MS, OVERFLOW } from "./latency-histogram";
import { isOutboundFlow } from "../outbound/flow";

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const OUTCOMES = ["received", "accepted", "duplicate", "ignored", "stale", "superseded", "echo", "delivered", "dead"];

const HISTOGRAMS: Record<string, { name: string; help: string }> = {
  ack_ms: { name: "odoo_router_ack_latency_seconds", help: "Webhook received to answered (the entity object's decision)." },
  e2e_ms: { name: "odoo_router_delivery_latency_seconds", help: "Webhook received to written in Odoo, retries included." },
  odoo_ms: { name: "odoo_router_odoo_attempt_latency_seconds", help: "Duration of a finished Odoo write attempt." },
};

type Labels = Record<string, string>;

const escapeValue = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (labels: Labels) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeValue(v)}"`)
    .join(",")}}`;
const seriesKey = (r: { tenantId: string; sourceId: string; kind: string }) => `${r.tenantId}\u0000${r.sourceId}\u0000${r.kind}`;
const baseLabels = (r: { tenantId: string; sourceId: string; kind: string }): Labels => ({ tenant: r.tenantId, source: r.sourceId, kind: r.kind });
/** The way back's events are the outbound flows' kinds (src/outbound/flow.ts): inbound or outbound. */
const direction = (kind: string) => (isOutboundFlow(kind) ? "outbound" : "inbound");

export function prometheusText(totals: readonly MetricRow[], backlog: readonly BacklogRow[]): string {
  const lines: string[] = [];
  const family = (name: string, type: string, help: string, samples: string[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
  };

  family(
    "odoo_router_events_total",
    "counter",
    "Events by what became of them (outcome: received, accepted, duplicate, ignored, stale, superseded, echo, delivered, dead; direction: inbound or outbound).",
    totals
      .filter((r) => OUTCOMES.includes(r.metric))
      .map((r) => `odoo_router_events_total${labelText({ ...baseLabels(r), outcome: r.metric, direction: direction(r.kind) })} ${r.n}`),
  );
  family(
    "odoo_router_rejected_total",
    "counter",
    "Deliveries refused at ingest, by reason code.",
    totals
      .filter((r) => r.metric === "rejected")
      .map((r) => `odoo_router_rejected_total${labelText({ tenant: r.tenantId, source: r.sourceId, reason: r.label })} ${r.n}`),
  );
  family(
    "odoo_router_odoo_attempts_total",
    "counter",
    "Odoo write attempts by outcome (ok, failed).",
    totals
      .filter((r) => r.metric === "odoo_attempt")
      .map((r) => `odoo_router_odoo_attempts_total${labelText({ ...baseLabels(r), outcome: r.label })} ${r.n}`),
  );
  family(
    "odoo_router_odoo_calls_total",
    "counter",
    "Odoo RPC calls made by finished write attempts.",
    totals.filter((r) => r.metric === "odoo_call").map((r) => `odoo_router_odoo_calls_total${labelText(baseLabels(r))} ${r.n}`),
  );

  // Gauges for every series known, so a backlog that drained reads 0 rather than disappearing.
  const series = new Map<string, { tenantId: string; sourceId: string; kind: string; retrying: number; waiting: number }>();
  for (const r of totals) series.set(seriesKey(r), { tenantId: r.tenantId, sourceId: r.sourceId, kind: r.kind, retrying: 0, waiting: 0 });
  for (const b of backlog) series.set(seriesKey(b), { ...b });
  family(
    "odoo_router_events_retrying",
    "gauge",
    "Events whose Odoo write failed and will be tried again.",
    [...series.values()].map((s) => `odoo_router_events_retrying${labelText(baseLabels(s))} ${s.retrying}`),
  );
  family(
    "odoo_router_events_waiting",
    "gauge",
    "Events accepted and not yet written (queued, or behind another write of their entity).",
    [...series.values()].map((s) => `odoo_router_events_waiting${labelText(baseLabels(s))} ${s.waiting}`),
  );

  for (const [metric, { name, help }] of Object.entries(HISTOGRAMS)) {
    const bySeries = new Map<string, MetricRow[]>();
    for (const r of totals.filter((t) => t.metric === metric)) {
      const key = seriesKey(r);
      bySeries.set(key, [...(bySeries.get(key) ?? []), r]);
    }
    const samples: string[] = [];
    for (const rows of bySeries.values()) {
      const labels = baseLabels(rows[0]!);
      const counts = new Map(rows.map((r) => [r.label, r.n]));
      let cumulative = 0;
      for (const bound of LATENCY_BOUNDS_MS) {
        cumulative += counts.get(String(bound)) ?? 0;
        samples.push(`${name}_bucket${labelText({ ...labels, le: String(bound / 1000) })} ${cumulative}`);
      }
      cumulative += counts.get(OVERFLOW) ?? 0;
      samples.push(`${name}_bucket${labelText({ ...labels, le: "+Inf" })} ${cumulative}`);
      samples.push(`${name}_sum${labelText(labels)} ${rows.reduce((a, r) => a + r.sumMs, 0) / 1000}`);
      samples.push(`${name}_count${labelText(labels)} ${cumulative}`);
    }
    family(name, "histogram", help, samples);
  }
  return `${lines.join("\n")}\n`;
}
