/**
 * What one audit batch adds to the metric rollups. Every count is a timeline entry the entity
 * objects (or the ingest route) already wrote, so metrics cost no work on the ingest path: the
 * audit consumer adds them in the same D1 batch as the audit rows, aggregated per
 * (tenant, source, kind, minute, metric, label) — a few rows per batch, not one per event.
 *
 * Which entry counts as what (steps of src/entity/entity-store.ts and src/http/ingest.ts):
 *   received                  every delivery that reached the router, whatever became of it
 *   ordered                   accepted, or stale when its detail says so; its time minus the
 *                             receipt is the ack latency (the entity decided, then ingest answered)
 *   deduplicated              duplicate (ack latency as well)
 *   rejected / ignored        by reason (the code of the refusal) / ignored
 *   superseded                superseded by a newer change of the same entity before its write
 *   echo                      a provider webhook reporting the router's own outbound write
 *   odoo_attempt              an Odoo write attempt, labelled ok or failed, with its Odoo calls
 *                             and its duration when the attempt reports one
 *   delivered / dead          outcome; delivered minus receipt is the webhook -> Odoo latency
 */
import type { AuditMessage, TimelineEntry } from "../audit/audit-message";
import { bucketLabel } from "./latency-histogram";

export const COUNTERS = [
  "received",
  "accepted",
  "duplicate",
  "rejected",
  "ignored",
  "stale",
  "superseded",
  "echo",
  "delivered",
  "dead",
  "odoo_attempt",
  "odoo_call",
] as const;
export type Counter = (typeof COUNTERS)[number];

/** Latency histograms: ack (receipt -> answer), e2e (receipt -> in Odoo), odoo (one write attempt). */
export const HISTOGRAMS = ["ack_ms", "e2e_ms", "odoo_ms"] as const;
export type Histogram = (typeof HISTOGRAMS)[number];

export interface Contribution {
  tenantId: string;
  sourceId: string;
  kind: string;
  minuteAt: number;
  metric: Counter | Histogram;
  label: string;
  n: number;
  sumMs: number;
  /** The entry it comes from: a re-shipped entry already in the audit trail is not counted again. */
  eventId: string;
  seq: number;
  /**
   * Its event's receipt, null for a refused delivery: the newest one is when the source last
   * received a delivery (metric_totals.last_received_at, read by the silent-source exception).
   */
  receivedAt: number | null;
}

const MINUTE_MS = 60_000;

export function contributionsOf(messages: readonly AuditMessage[]): Contribution[] {
  const out: Contribution[] = [];
  const seen = new Set<string>();
  for (const { event, state, entries } of messages) {
    for (const entry of entries) {
      // A count that cannot be placed in time is dropped: it must never fail the audit batch.
      if (!Number.isFinite(entry.at)) continue;
      // The same entry twice in one batch (a message shipped again before the first was acked).
      const key = `${event.id}\u0000${entry.seq}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const base = {
        tenantId: event.tenantId,
        sourceId: event.sourceId,
        kind: event.kind ?? "",
        minuteAt: Math.floor(entry.at / MINUTE_MS) * MINUTE_MS,
        eventId: event.id,
        seq: entry.seq,
        receivedAt: state.status === "rejected" ? null : event.receivedAt,
      };
      const count = (metric: Counter, label = "", n = 1) => out.push({ ...base, metric, label, n, sumMs: 0 });
      const observe = (metric: Histogram, ms: number) => {
        if (!Number.isFinite(ms)) return;
        const clamped = Math.max(0, Math.round(ms));
        out.push({ ...base, metric, label: bucketLabel(clamped), n: 1, sumMs: clamped });
      };
      const detail = entry.detail ?? {};
      switch (entry.step) {
        case "received":
          count("received");
          break;
        case "ordered":
          count(detail.stale ? "stale" : "accepted");
          observe("ack_ms", entry.at - event.receivedAt);
          break;
        case "deduplicated":
          count("duplicate");
          observe("ack_ms", entry.at - event.receivedAt);
          break;
        case "rejected":
          count("rejected", typeof detail.code === "string" ? detail.code : "unknown");
          break;
        case "ignored":
          count("ignored");
          break;
        case "superseded":
          count("superseded");
          break;
        case "echo":
          count("echo");
          break;
        case "odoo_attempt":
          countAttempt(entry, count, observe);
          break;
        case "delivered":
          count("delivered");
          observe("e2e_ms", entry.at - event.receivedAt);
          break;
        case "dead":
          count("dead");
          break;
      }
    }
  }
  return out;
}

function countAttempt(
  entry: TimelineEntry,
  count: (metric: Counter, label?: string, n?: number) => void,
  observe: (metric: Histogram, ms: number) => void,
): void {
  const detail = entry.detail ?? {};
  count("odoo_attempt", detail.outcome === "ok" ? "ok" : "failed");
  if (typeof detail.odooCalls === "number" && Number.isInteger(detail.odooCalls) && detail.odooCalls > 0) count("odoo_call", "", detail.odooCalls);
  // Delivered and dead attempts report their duration; a retried one does not (yet).
  if (typeof detail.ms === "number") observe("odoo_ms", detail.ms);
}
