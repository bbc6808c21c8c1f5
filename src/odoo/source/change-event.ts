/**
 * The outbound event a change seen in Odoo becomes, the same for a callback and a poll, so that one
 * change seen both ways is one event: same entity (the flow's `entityOf`), same delivery id
 * `odoo:<model>:<id>:<write_date to the second>` (the entity object drops the second as a
 * duplicate). JSON-RPC cuts `write_date` to the second while a callback sends Python's
 * `str(datetime)` with microseconds: both are cut to the second here.
 */
import { CANONICAL_SCHEMA } from "../../events/canonical";
import type { OdooChange, OutboundFlowName } from "../../outbound/flow";
import type { NormalizedEvent } from "../../providers/provider";
import { ODOO_PROVIDER } from "./options";

/** "2025-03-01 10:20:30.123456" or "2025-03-01T10:20:30" -> "2025-03-01 10:20:30"; null when not a datetime. */
export function writeDateToSecond(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** Odoo's naive UTC datetime text as epoch ms (null when it is not one). */
export function odooDatetimeMs(value: string): number | null {
  const ms = Date.parse(`${value.replace(" ", "T")}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms as Odoo's naive UTC datetime text, to the second. */
export function odooDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

export function changeDeliveryId(model: string, id: number, writeDate: string | null, fallback: string): string {
  return writeDate ? `odoo:${model}:${id}:${writeDate}` : `odoo:${model}:${id}:${fallback}`;
}

export interface SeenChange {
  flow: OutboundFlowName;
  model: string;
  id: number;
  /** The entity the record belongs to (the flow's `entityOf`). */
  entity: string;
  /** write_date cut to the second, when the record carried it. */
  writeDate: string | null;
  via: OdooChange["via"];
  receivedAt: number;
  /** Distinguishes changes without write_date (a rule that does not send it): never deduplicated. */
  fallbackKey: string;
}

export function changeEvent(change: SeenChange): NormalizedEvent {
  const data: OdooChange = { model: change.model, ids: [change.id], via: change.via, writeDate: change.writeDate };
  const occurredAt = change.writeDate ? `${change.writeDate.replace(" ", "T")}Z` : new Date(change.receivedAt).toISOString();
  return {
    deliveryId: changeDeliveryId(change.model, change.id, change.writeDate, change.fallbackKey),
    event: {
      schema: CANONICAL_SCHEMA,
      provider: ODOO_PROVIDER,
      topic: `${change.model}:${change.via}`,
      type: `${change.flow}.changed`,
      kind: change.flow,
      externalId: change.entity,
      // Receipt time: a newer sighting of the entity is always newer (the flow reads the current state anyway).
      version: change.receivedAt,
      occurredAt,
      action: "upsert",
      completeness: "full",
      data,
    },
  };
}
