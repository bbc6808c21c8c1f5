/**
 * Canonical event -> Odoo flow. An event without a flow is acknowledged and recorded as `ignored`
 * at ingest (with this reason), never accepted and then dead-lettered.
 */
import { carriedData, changedFields, isPartial, isThin, type CanonicalEvent, type EntityKind, type EventOfKind, type ThinData } from "../../events/canonical";
import { COMPANY_ODOO_FIELDS, writeCompany } from "./company";
import type { WriteContext, WriteResult } from "./context";
import { writeDeal } from "./deal";
import { writeInvoice } from "./invoice";
import { writeOrder } from "./order";
import { CUSTOMER_ODOO_FIELDS, writeCustomer } from "./partner";
import { RECEIVED_PAYMENT_STATUSES, writePayment } from "./payment";
import { writeProduct } from "./product";
import { COMPLETED_REFUND_STATUSES, writeRefund } from "./refund";
import { withFreshReferences } from "../reference-cache";
import { writeTicket } from "./ticket";
import type { Routing, WrittenKind } from "../../tenant/routing";
import { isOutboundFlow } from "../../outbound/flow";
import { outboundRoute } from "../../outbound/route";
import type { MappedFields } from "../schema";

export type Flow = (ctx: WriteContext) => Promise<WriteResult>;

type FullData<K extends EntityKind> = Exclude<EventOfKind<K>["data"], ThinData>;
type Writer<K extends EntityKind> = (
  ctx: WriteContext,
  externalId: string,
  data: FullData<K>,
  occurredAt: string,
) => Promise<WriteResult>;

/** The kinds written to Odoo today (routing's WRITTEN_KINDS), each by its model writer. */
const WRITERS: { [K in WrittenKind]: Writer<K> } = {
  customer: writeCustomer,
  company: writeCompany,
  product: writeProduct,
  order: writeOrder,
  deal: writeDeal,
  invoice: writeInvoice,
  payment: writePayment,
  refund: writeRefund,
  ticket: writeTicket,
};

/**
 * The models each flow writes its own record to, where the tenant's mapped fields (routing
 * `fields`) land: a refund's record is its credit note or, without an invoice, the money sent back;
 * a ticket's is a helpdesk ticket or the fallback task.
 */
export const RECORD_MODELS: { readonly [K in WrittenKind]: readonly string[] } = {
  customer: ["res.partner"],
  company: ["res.partner"],
  product: ["product.product"],
  order: ["sale.order"],
  deal: ["crm.lead"],
  invoice: ["account.move"],
  payment: ["account.payment"],
  refund: ["account.move", "account.payment"],
  ticket: ["helpdesk.ticket", "project.task"],
};

/** The Odoo fields the routing maps for events of this kind, per model, with the mapping's name. */
export function mappedFields(routing: Routing, kind: string): MappedFields {
  const mapped = new Map<string, Map<string, string>>();
  const models = Object.hasOwn(RECORD_MODELS, kind) ? RECORD_MODELS[kind as WrittenKind] : [];
  for (const model of models) {
    mapped.set(model, new Map((routing.fields[kind] ?? []).map((m) => [m.to, `fields.${kind} "${m.from}"`])));
  }
  return mapped;
}

export function flowFor(event: CanonicalEvent, routing: Routing): { flow: Flow } | { flow: null; reason: string } {
  const { data } = event;
  // The way back: an Odoo change is sent to providers (src/delivery/outbound-delivery.ts), never
  // written into Odoo; without a routed flow, the reason names the fix.
  if (isOutboundFlow(event.kind)) {
    const route = outboundRoute(event.kind, routing);
    return { flow: null, reason: route.flow ? `${event.kind} events go out to providers (outbound), not into Odoo` : route.reason };
  }
  if (routing.flows[event.kind as WrittenKind] === "ignore") {
    return { flow: null, reason: `the tenant's routing ignores ${event.kind} events (flows.${event.kind} = "ignore")` };
  }
  if (isThin(data)) {
    // Thin events are read from the provider first (src/delivery/hydration.ts) and the snapshot is
    // written; one reaching a writer as it is has nothing to write.
    return { flow: null, reason: `thin ${event.provider} event (${data.resource} ${data.operation}): it must be read from ${event.provider} first (source api)` };
  }
  if (event.action === "delete") return { flow: null, reason: `deletions of ${event.kind} are not written to Odoo` };
  const writer = Object.hasOwn(WRITERS, event.kind) ? (WRITERS[event.kind as WrittenKind] as Writer<EntityKind>) : undefined;
  if (!writer) return { flow: null, reason: `no Odoo flow for ${event.kind} events yet` };
  const notMoney = moneyNotMoved(event);
  if (notMoney) return { flow: null, reason: notMoney };
  // A partial change hands its writer only the fields it carries: the others are left as they are.
  const carried = carriedData({ ...event, data: data as FullData<EntityKind> });
  const odooFields = carriedOdooFields(event);
  // A flow run again in the same delivery (an in-delivery retry) follows a run that may have
  // reached Odoo: it searches for what that run made, like a queue retry.
  let runs = 0;
  return {
    flow: (ctx) => {
      const rerun = runs++ > 0;
      const own = { ...ctx, ...(odooFields ? { carriedOdooFields: odooFields } : {}), ...(rerun ? { earlierAttempt: true } : {}) };
      // A cached reference id Odoo says is gone: looked up again, and the write made once more.
      return withFreshReferences(own, (run) => writer(run, event.externalId, carried, event.occurredAt));
    },
  };
}

/**
 * Odoo fields per canonical field, for the writers that build a whole record's values (a partial
 * change then updates only the fields it carries). Deals need none: their writer only builds what
 * an event carries. Other kinds have no partial sources.
 */
const ODOO_FIELDS_OF: Partial<Record<EntityKind, Record<string, readonly string[]>>> = {
  customer: CUSTOMER_ODOO_FIELDS,
  company: COMPANY_ODOO_FIELDS,
};

function carriedOdooFields(event: CanonicalEvent): ReadonlySet<string> | undefined {
  const table = ODOO_FIELDS_OF[event.kind];
  if (!table || !isPartial(event)) return undefined;
  return new Set(changedFields(event).flatMap((field) => table[field] ?? []));
}

/** Payments and refunds are written once money moved: pending, failed or empty ones are not. */
function moneyNotMoved(event: CanonicalEvent): string | null {
  if (event.kind !== "payment" && event.kind !== "refund") return null;
  const data = event.data as FullData<"payment" | "refund">;
  const done = event.kind === "payment" ? RECEIVED_PAYMENT_STATUSES : COMPLETED_REFUND_STATUSES;
  if (!data.status || !done.has(data.status)) {
    return `${event.kind} status "${data.status ?? "(none)"}": only ${[...done].join("/")} ${event.kind}s are written to Odoo`;
  }
  if (data.amount.amount <= 0) return `${event.kind} of no amount: nothing to write to Odoo`;
  return null;
}
