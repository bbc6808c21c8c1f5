/**
 * Canonical event -> Odoo flow. An event without a flow is acknowledged and recorded as `ignored`
 * at ingest (with this reason), never accepted and then dead-lettered.
 */
import { isThin, type CanonicalEvent } from "../../events/canonical";
import type { WriteContext, WriteResult } from "./context";
import { writeOrder } from "./order";
import { writeCustomer } from "./partner";
import { writeProduct } from "./product";

export type Flow = (ctx: WriteContext) => Promise<WriteResult>;

export function flowFor(event: CanonicalEvent): { flow: Flow } | { flow: null; reason: string } {
  const { data } = event;
  if (isThin(data)) {
    return { flow: null, reason: `thin ${event.provider} event (${data.resource} ${data.operation}): fetching it from ${event.provider} is not supported yet` };
  }
  if (event.action === "delete") return { flow: null, reason: `deletions of ${event.kind} are not written to Odoo` };
  switch (event.kind) {
    case "customer":
      return { flow: (ctx) => writeCustomer(ctx, event.externalId, event.data as Exclude<typeof event.data, { thin: true }>) };
    case "product":
      return { flow: (ctx) => writeProduct(ctx, event.externalId, event.data as Exclude<typeof event.data, { thin: true }>) };
    case "order":
      return { flow: (ctx) => writeOrder(ctx, event.externalId, event.data as Exclude<typeof event.data, { thin: true }>) };
    default:
      return { flow: null, reason: `no Odoo flow for ${event.kind} events yet` };
  }
}
