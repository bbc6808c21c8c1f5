/**
 * Business exceptions read from the audit trail (tenant database): the questions an operator asks
 * without SQL (README, "Business exceptions and alerts").
 *   stuck                an entity whose newest event is still accepted, queued or retrying after
 *                        `stuckMinutes`
 *   order_not_in_odoo    an order whose newest event is waiting past `waitingMinutes`, or dead, and
 *                        that has no Odoo record at all
 *   invoice_not_posted / payment_not_applied / refund_not_credited
 *                        the newest event of an invoice / payment / refund waiting past
 *                        `waitingMinutes` (e.g. for its order or invoice), or dead
 *   stock_not_synced / shipment_not_sent
 *                        the way back: the newest outbound stock / shipment event of a product /
 *                        delivery still waiting or retrying past `waitingMinutes`, or dead (the
 *                        provider does not show Odoo's stock, the customer has no tracking)
 *   source_silent        a source without a delivery (refused ones do not count) for its
 *                        `silentMinutes`
 * "Newest" = no later event of the same entity that was delivered or is itself open (the index
 * events_tenant_entity answers it); the Odoo record is the event's own or the entity's mapping.
 */
import type { ErrorClass } from "../audit/error-class";
import type { EventError } from "../audit/audit-message";
import type { ExceptionThresholds, ExceptionType } from "../alerts/settings";
import { errorClassOfEvent } from "../audit/error-class";
import { STATUS_INDEXED_SQL } from "./schema";

export type EventExceptionType = Exclude<ExceptionType, "source_silent" | "missing_in_odoo" | "amount_differs" | "state_differs">;

const KIND_OF: Record<Exclude<EventExceptionType, "stuck">, string> = {
  order_not_in_odoo: "order",
  invoice_not_posted: "invoice",
  payment_not_applied: "payment",
  refund_not_credited: "refund",
  stock_not_synced: "stock",
  shipment_not_sent: "shipment",
};

export interface ExceptionItem {
  type: ExceptionType;
  source: string;
  kind: string | null;
  /** The provider's reference of the entity (order id, invoice id...; the Odoo record id of an outbound one). */
  externalId: string | null;
  eventId: string | null;
  status: string | null;
  errorClass: ErrorClass | null;
  error: string | null;
  odoo: { model: string; id: number } | null;
  /** Since when: the event's reception, or a silent source's last delivery (or creation). */
  since: string;
  ageMinutes: number;
}

interface Row {
  id: string;
  source_id: string;
  kind: string | null;
  external_id: string | null;
  status: string;
  error: string | null;
  error_class: string | null;
  received_at: number;
  odoo_model: string | null;
  odoo_id: number | null;
  mapped_model: string | null;
  mapped_id: number | null;
}

/** The Odoo record an outbound event is keyed by (the way back's convention, src/outbound/flow.ts). */
const OUTBOUND_ENTITY_MODELS: Record<string, string> = { stock: "product.product", shipment: "stock.picking" };
function outboundRecord(kind: string | null, externalId: string | null): { model: string; id: number } | null {
  const model = kind ? OUTBOUND_ENTITY_MODELS[kind] : undefined;
  const id = Number(externalId);
  return model && Number.isInteger(id) && id > 0 ? { model, id } : null;
}

const minutesBetween = (from: number, to: number) => Math.max(0, Math.floor((to - from) / 60_000));

/** One page of event-based exceptions, newest first; `before` is the last id of the previous page. */
export async function listEventExceptions(
  d1: D1Database,
  q: { tenantId: string; type: EventExceptionType; thresholds: ExceptionThresholds; before?: string; limit: number; now: number },
): Promise<{ items: ExceptionItem[]; last: string | null }> {
  const stuck = q.type === "stuck";
  const cutoff = q.now - (stuck ? q.thresholds.stuckMinutes : q.thresholds.waitingMinutes) * 60_000;
  const params: unknown[] = [q.tenantId, cutoff];
  const where = [
    "e.tenant_id = ?1",
    stuck ? "e.status IN ('accepted', 'queued', 'retrying') AND e.received_at < ?2" : "e.status IN ('accepted', 'queued', 'retrying', 'dead') AND (e.status = 'dead' OR e.received_at < ?2)",
    // The (tenant, status) index holds these statuses; SQLite reads it only with its predicate.
    `e.${STATUS_INDEXED_SQL}`,
    `NOT EXISTS (SELECT 1 FROM events n WHERE n.tenant_id = e.tenant_id AND n.source_id = e.source_id AND n.kind = e.kind
       AND n.external_id = e.external_id AND n.id > e.id AND n.status IN ('delivered', 'accepted', 'queued', 'retrying', 'dead'))`,
  ];
  if (q.type !== "stuck") {
    params.push(KIND_OF[q.type]);
    where.push(`e.kind = ?${params.length}`);
  }
  if (q.type === "order_not_in_odoo") where.push("m.odoo_id IS NULL AND e.odoo_id IS NULL");
  if (q.before) {
    params.push(q.before);
    where.push(`e.id < ?${params.length}`);
  }
  params.push(q.limit + 1);
  const { results } = await d1
    .prepare(
      `SELECT e.id, e.source_id, e.kind, e.external_id, e.status, e.error, e.error_class, e.received_at, e.odoo_model, e.odoo_id,
              m.odoo_model AS mapped_model, m.odoo_id AS mapped_id
         FROM events e
         LEFT JOIN mappings m ON m.tenant_id = e.tenant_id AND m.source_id = e.source_id AND m.kind = e.kind AND m.external_id = e.external_id
        WHERE ${where.join(" AND ")}
        ORDER BY e.id DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<Row>();
  const page = results.slice(0, q.limit);
  return {
    items: page.map((r) => {
      const error = r.error ? (JSON.parse(r.error) as EventError) : null;
      const model = r.odoo_model ?? r.mapped_model;
      const id = r.odoo_id ?? r.mapped_id;
      return {
        type: q.type,
        source: r.source_id,
        kind: r.kind,
        externalId: r.external_id,
        eventId: r.id,
        status: r.status,
        errorClass: (r.error_class as ErrorClass | null) ?? errorClassOfEvent(r.status, error),
        error: error?.message ?? null,
        odoo: model && id !== null ? { model, id } : outboundRecord(r.kind, r.external_id),
        since: new Date(r.received_at).toISOString(),
        ageMinutes: minutesBetween(r.received_at, q.now),
      };
    }),
    last: results.length > q.limit ? page.at(-1)!.id : null,
  };
}

/**
 * When each source last received a delivery that was not refused (null: never), as the metric
 * totals keep it per source and kind (db/metric-rollups.ts): a few rows per source, read by their
 * key, in one batch. (An index on the events for this cost a written row per event.)
 */
export async function lastDeliveries(d1: D1Database, tenantId: string, sourceIds: string[]): Promise<Map<string, number | null>> {
  const result = new Map<string, number | null>();
  if (sourceIds.length === 0) return result;
  const statement = d1.prepare("SELECT MAX(last_received_at) AS received_at FROM metric_totals WHERE tenant_id = ?1 AND source_id = ?2");
  const answers = await d1.batch<{ received_at: number | null }>(sourceIds.map((s) => statement.bind(tenantId, s)));
  sourceIds.forEach((s, i) => result.set(s, answers[i]?.results[0]?.received_at ?? null));
  return result;
}

/** Sources silent past their threshold, from their last delivery (or their creation if none). */
export function silentSources(
  sources: { source: string; createdAt: string }[],
  last: Map<string, number | null>,
  thresholds: ExceptionThresholds,
  now: number,
): ExceptionItem[] {
  const items: ExceptionItem[] = [];
  for (const { source, createdAt } of sources) {
    const since = last.get(source) ?? Date.parse(createdAt);
    const limit = thresholds.sources[source]?.silentMinutes ?? thresholds.silentMinutes;
    if (now - since < limit * 60_000) continue;
    items.push({
      type: "source_silent",
      source,
      kind: null,
      externalId: null,
      eventId: null,
      status: null,
      errorClass: null,
      error: last.get(source) ? null : "no delivery since the source was created",
      odoo: null,
      since: new Date(since).toISOString(),
      ageMinutes: minutesBetween(since, now),
    });
  }
  return items;
}

/** How many exceptions of a type (up to `cap`): what the `exceptions` alert rule compares. */
export async function countEventExceptions(
  d1: D1Database,
  tenantId: string,
  type: EventExceptionType,
  thresholds: ExceptionThresholds,
  cap: number,
  now: number,
): Promise<number> {
  return (await listEventExceptions(d1, { tenantId, type, thresholds, limit: cap, now })).items.length;
}
