/**
 * What entity objects (and the ingest route, for ignored deliveries) ship to the audit-log queue.
 * Each message carries the event's identity, its state after the newest timeline entry, and the
 * new timeline entries; the audit consumer turns it into D1 rows.
 */
import type { Region } from "../tenant/region";

export type EventStatus =
  | "accepted"
  | "duplicate"
  | "ignored"
  | "stale"
  | "superseded"
  | "queued"
  | "delivered"
  | "retrying"
  | "dead"
  /** Refused at ingest (bad signature, malformed body): recorded, rate-limited, never written. */
  | "rejected"
  /**
   * A provider webhook reporting the router's own outbound write (its value equals what the
   * router wrote there moments ago, src/outbound/echo.ts): recorded, nothing written.
   */
  | "echo";

export const EVENT_STATUSES: readonly EventStatus[] = [
  "accepted", "duplicate", "ignored", "stale", "superseded", "queued", "delivered", "retrying", "dead", "rejected", "echo",
];

/** "Waiting" in health and metrics: accepted behind another write of the entity, or queued for Odoo. */
export const WAITING_STATUSES = ["accepted", "queued"] as const satisfies readonly EventStatus[];

export interface EventIdentity {
  id: string;
  tenantId: string;
  sourceId: string;
  provider: string;
  topic: string;
  type: string | null;
  kind: string | null;
  externalId: string | null;
  deliveryId: string | null;
  version: number | null;
  receivedAt: number;
  duplicateOf: string | null;
  /** Set on an event created by a replay: the event it replays. */
  replayOf?: string | null;
  /** Salted hash of the person's email the payload carries (events/personal-data.ts), for erasures. */
  personHash?: string | null;
  /**
   * The tenant's region (tenant/region.ts): which D1 database the audit consumer writes it to and
   * where its entity object is. Absent = no region (also on events stored before regions existed).
   */
  region?: Region;
}

export interface OdooRef {
  model: string;
  id: number;
}

export interface EventError {
  category: string;
  name: string | null;
  message: string;
}

export interface EventState {
  status: EventStatus;
  /** Orders states of one event: a message with a lower seq never overwrites a higher one. */
  statusSeq: number;
  attempts: number;
  reason: string | null;
  odoo: OdooRef | null;
  error: EventError | null;
}

export interface TimelineEntry {
  seq: number;
  at: number;
  step: string;
  detail: Record<string, unknown> | null;
}

export interface AuditMessage {
  type: "audit";
  event: EventIdentity;
  state: EventState;
  entries: TimelineEntry[];
}
