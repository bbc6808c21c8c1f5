/** Audit messages as entity objects ship them, for tests that write the audit trail directly. */
import type { AuditMessage } from "../../src/audit/audit-message";
import { newEventId } from "../../src/ids";

let counter = 0;

/**
 * The messages of one order event received at `receivedAt`: accepted `ackMs` later, written to
 * Odoo `deliveredAfterMs` after receipt (one attempt of `odooMs`).
 */
export function deliveredOrder(
  tenantId: string,
  receivedAt: number,
  timings: { ackMs: number; deliveredAfterMs: number; odooMs: number },
): AuditMessage[] {
  const event = {
    id: newEventId(receivedAt),
    tenantId,
    sourceId: "shop",
    provider: "shopify",
    topic: "orders/create",
    type: "order.created",
    kind: "order",
    externalId: String(++counter),
    deliveryId: null,
    version: 1,
    receivedAt,
    duplicateOf: null,
  };
  const deliveredAt = receivedAt + timings.deliveredAfterMs;
  return [
    {
      type: "audit",
      event,
      state: { status: "queued", statusSeq: 4, attempts: 0, reason: null, odoo: null, error: null },
      entries: [
        { seq: 1, at: receivedAt, step: "received", detail: null },
        { seq: 2, at: receivedAt, step: "verified", detail: null },
        { seq: 3, at: receivedAt + timings.ackMs, step: "ordered", detail: { version: 1 } },
        { seq: 4, at: receivedAt + timings.ackMs, step: "queued", detail: null },
      ],
    },
    {
      type: "audit",
      event,
      state: { status: "delivered", statusSeq: 6, attempts: 1, reason: null, odoo: { model: "sale.order", id: 1 }, error: null },
      entries: [
        { seq: 5, at: deliveredAt, step: "odoo_attempt", detail: { attempt: 1, outcome: "ok", odooCalls: 3, ms: timings.odooMs } },
        { seq: 6, at: deliveredAt, step: "delivered", detail: { odoo: { model: "sale.order", id: 1 } } },
      ],
    },
  ];
}
