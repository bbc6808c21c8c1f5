/**
 * The way back (Odoo -> providers): the contract between Odoo as a source (src/odoo/source/: the
 * callback route, the poller, provisioning), the delivery step that sends (src/delivery/), and the
 * outbound flows (src/outbound/flows/<flow>.ts), one per thing Odoo owns.
 *
 * It mirrors the way in. A change seen in Odoo (a callback, a poll, a resync) becomes a canonical
 * event of the flow's kind (`stock`, `shipment`, ...) on the Odoo source, keyed by the Odoo record
 * the flow is about (a product, a picking, an invoice, a partner, an email). It goes through the
 * same entity object (dedup, order, coalescing: changes of one record collapse into one write of
 * the newest state), the same odoo-writes queue, retries, dead letters and audit. Its target is
 * not Odoo but the provider connections the routing names in `to`: the flow reads the record back
 * from Odoo (the callback is only a hint), decides what each provider should hold (a pure
 * function), compares with the ledger (what the router last wrote there) and writes the difference
 * through the provider's API client.
 */
import * as z from "zod";
import type { OdooClient } from "../odoo/client";
import type { ApiSession } from "../providers/provider-api";
import type { CanonicalEvent } from "../events/canonical";
import type { Routing } from "../tenant/routing";
import type { MappingStore } from "../db/mappings";

/** The outbound flows, as routing `outbound.<flow>` names them; also the kinds of their events. */
export const OUTBOUND_FLOWS = ["stock", "shipment", "invoiceStatus", "accountStatus", "price", "consent"] as const;
export type OutboundFlowName = (typeof OUTBOUND_FLOWS)[number];
export const isOutboundFlow = (kind: string | null | undefined): kind is OutboundFlowName =>
  (OUTBOUND_FLOWS as readonly string[]).includes(kind ?? "");

/** Source ids that receive a flow's writes (each must have an `api` connection). */
const targets = z.array(z.string().min(1)).min(1).max(10);
/** Like inbound flows: "realtime" (sent as soon as the change settled) or "batch" (on the source's reconciliation slot). */
const mode = z.enum(["realtime", "batch"]).default("realtime");

/**
 * Routing `outbound` (public contract; extend compatibly). Every flow is off unless listed.
 * `locations` keys are Odoo warehouse codes; a value is the provider's location id for every
 * target, or an object of them per target source id.
 */
export const outboundRoutingSchema = z
  .object({
    stock: z
      .object({
        to: targets,
        quantity: z.enum(["free_qty", "virtual_available", "qty_available"]).default("free_qty"),
        locations: z.record(z.string().min(1), z.union([z.string().min(1), z.record(z.string().min(1), z.string().min(1))])).default({}),
        mode,
      })
      .strict()
      .optional(),
    shipment: z.object({ to: targets, notifyCustomer: z.boolean().default(true), mode }).strict().optional(),
    invoiceStatus: z
      .object({
        to: targets,
        /** Canonical status field -> the provider's property/field name ("status", "amountDue", "amountPaid"). */
        properties: z.record(z.string().min(1), z.string().min(1)).default({}),
        mode,
      })
      .strict()
      .optional(),
    accountStatus: z
      .object({
        to: targets,
        /** Canonical account field -> the provider's field name ("amountDue", "overdue", "creditHold"). */
        fields: z.record(z.string().min(1), z.string().min(1)).default({}),
        mode,
      })
      .strict()
      .optional(),
    price: z.object({ to: targets, mode }).strict().optional(),
    consent: z.object({ to: targets, mode }).strict().optional(),
  })
  .strict();
export type OutboundRouting = z.infer<typeof outboundRoutingSchema>;
export type OutboundConfig<F extends OutboundFlowName> = NonNullable<OutboundRouting[F]>;

/**
 * The data of an outbound event: which Odoo record changed, as a hint. The flow never trusts it:
 * it reads the record back (on 17/18 Odoo calls before its transaction commits).
 */
export const odooChangeSchema = z.object({
  /** The Odoo model the change was seen on ("stock.quant", "stock.picking", ...). */
  model: z.string().min(1),
  /** The ids of that model behind this entity's change (several quants of one product). */
  ids: z.array(z.number().int().positive()).max(1000),
  /** How it was seen. */
  via: z.enum(["callback", "poll", "resync", "reconcile"]),
  /** The record's `write_date` as Odoo sent or listed it (naive UTC), when known. */
  writeDate: z.string().nullable().default(null),
});
export type OdooChange = z.infer<typeof odooChangeSchema>;

/** A record of Odoo a flow watches: callbacks are provisioned for it, the poller lists it. */
export interface WatchedModel {
  model: string;
  /** Fields whose change fires the callback (base.automation `trigger_field_ids`, on create and write). */
  triggerFields: string[];
  /** Fields the callback sends (`webhook_field_ids`) and the poller reads: enough for `entityOf`. */
  fields: string[];
  /** The rule's `filter_domain` and the poller's domain, in Odoo's list form. */
  domain: unknown[];
  /**
   * The entity a changed record belongs to (its externalId: the product id of a quant, the picking
   * id, the commercial partner of an invoice), from the fields above; null = not this flow's.
   */
  entityOf(record: Record<string, unknown>): string | null;
}

/** One provider connection a flow writes to (a source id in `to` that has `api`). */
export interface OutboundTarget {
  sourceId: string;
  provider: string;
  session: ApiSession;
}

/** What the router last wrote at one object of one target (per field or quantity), kept in D1. */
export interface LedgerEntry {
  sourceId: string;
  /** The provider's object and field, e.g. "inventory:gid://shopify/InventoryItem/1@gid://shopify/Location/1". */
  objectKey: string;
  /** The value the provider holds after the write (JSON). */
  value: unknown;
  writtenAt: number;
  /** The outbound event that wrote it. */
  eventId: string;
  /** The provider's record (an admin URL or its id), for the audit trail. */
  link?: string | null;
}

export interface OutboundLedger {
  get(sourceId: string, objectKeys: string[]): Promise<Map<string, LedgerEntry>>;
  /** Recorded as each provider write succeeds, so a retry sends only what is still missing. */
  put(entries: Omit<LedgerEntry, "writtenAt">[]): Promise<void>;
}

export interface OutboundContext<F extends OutboundFlowName = OutboundFlowName> {
  tenantId: string;
  eventId: string;
  /** The entity: the Odoo record (or email) the flow is about. */
  externalId: string;
  change: OdooChange;
  config: OutboundConfig<F>;
  routing: Routing;
  /** The tenant's Odoo, in its company; reads the current state (never trust the hint). */
  odoo: OdooClient;
  /** Major version of the tenant's Odoo (16..19): field names differ. */
  odooVersion: number;
  /** The targets of `to` that have an API connection (one without is an error before the flow runs). */
  targets: OutboundTarget[];
  ledger: OutboundLedger;
  /** The mappings of records a source created in Odoo (an order's provider id, for shipments). */
  mappings(sourceId: string): MappingStore;
}

/** One write to (or decision about) one provider object. */
export interface OutboundWrite {
  to: string;
  provider: string;
  objectKey: string;
  value: unknown;
  /** sent: written now; unchanged: the provider already holds it (ledger); skipped: not applicable (reason). */
  status: "sent" | "unchanged" | "skipped";
  reason?: string;
  link?: string | null;
}

/** A target a flow does not write, with why (no SKU, no mapped location, another currency...). */
export const skippedWrite = (target: OutboundTarget, objectKey: string, reason: string): OutboundWrite => ({
  to: target.sourceId,
  provider: target.provider,
  objectKey,
  value: null,
  status: "skipped",
  reason,
});

export interface OutboundResult {
  writes: OutboundWrite[];
  /** The Odoo record read (for the audit trail's odoo reference). */
  odoo: { model: string; id: number } | null;
  detail?: Record<string, unknown>;
}

/** A provider webhook that reports the router's own write: recorded `echo`, nothing written. */
export interface EchoProbe {
  objectKey: string;
  value: unknown;
}

export interface OutboundFlow<F extends OutboundFlowName = OutboundFlowName> {
  name: F;
  /** The records to watch on this Odoo version (field names differ between 16 and 19). */
  watches(odooVersion: number): WatchedModel[];
  /** Reads Odoo, decides, writes the difference to every target; throws OdooError / ProviderApiError. */
  send(ctx: OutboundContext<F>): Promise<OutboundResult>;
  /**
   * For an inbound event of a target provider (Shopify `inventory_levels/update`): the ledger key
   * and value it would match if it reports the router's own write; null when it cannot be an echo.
   */
  echoOf?(event: CanonicalEvent, provider: string): EchoProbe | null;
}
