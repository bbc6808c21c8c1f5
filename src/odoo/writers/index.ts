/**
 * Canonical event -> Odoo flow. An event without a flow is acknowledged and recorded as `ignored`
 * at ingest (with this reason), never accepted and then dead-lettered.
 */
import { isThin, type CanonicalEvent, type EntityKind, type EventOfKind, type ThinData } from "../../events/canonical";
import { writeCompany } from "./company";
import type { WriteContext, WriteResult } from "./context";
import { writeDeal } from "./deal";
import { writeInvoice } from "./invoice";
import { writeOrder } from "./order";
import { writeCustomer } from "./partner";
import { writeProduct } from "./product";

export type Flow = (ctx: WriteContext) => Promise<WriteResult>;

type FullData<K extends EntityKind> = Exclude<EventOfKind<K>["data"], ThinData>;
type Writer<K extends EntityKind> = (ctx: WriteContext, externalId: string, data: FullData<K>) => Promise<WriteResult>;

/** The kinds written to Odoo today, each by its model writer. */
const WRITERS: { [K in EntityKind]?: Writer<K> } = {
  customer: writeCustomer,
  company: writeCompany,
  product: writeProduct,
  order: writeOrder,
  deal: writeDeal,
  invoice: writeInvoice,
};

export function flowFor(event: CanonicalEvent): { flow: Flow } | { flow: null; reason: string } {
  const { data } = event;
  if (isThin(data)) {
    return { flow: null, reason: `thin ${event.provider} event (${data.resource} ${data.operation}): fetching it from ${event.provider} is not supported yet` };
  }
  if (event.action === "delete") return { flow: null, reason: `deletions of ${event.kind} are not written to Odoo` };
  const writer = WRITERS[event.kind] as Writer<EntityKind> | undefined;
  if (!writer) return { flow: null, reason: `no Odoo flow for ${event.kind} events yet` };
  return { flow: (ctx) => writer(ctx, event.externalId, data as FullData<EntityKind>) };
}
