import { expect, it } from "vitest";
import { auditEvent, listExceptions, writeAudit } from "../support/alerts";
import { createTenant } from "../support/router";
import type { AuditMessage } from "../../src/audit/audit-message";

const MINUTE = 60_000;
/** An outbound event: on the tenant's Odoo source, keyed by the Odoo record (src/outbound/flow.ts). */
const outbound = (m: AuditMessage): AuditMessage => ({ ...m, event: { ...m.event, sourceId: "odoo", provider: "odoo", topic: "callback" } });

it("stock_not_synced and shipment_not_sent list dead or long-retrying stock and shipment events, with the Odoo record they are about", async () => {
  const t = await createTenant();
  const now = Date.now();
  const throttled = { category: "retryable", name: "provider_transient", message: "Shopify: THROTTLED" };
  const refused = { category: "business", name: "provider_data", message: "Shopify: over-fulfilment refused" };
  const stuckStock = outbound(auditEvent(t, { kind: "stock", externalId: "42", status: "retrying", receivedAt: now - 90 * MINUTE, error: throttled }));
  const freshStock = outbound(auditEvent(t, { kind: "stock", externalId: "43", status: "retrying", receivedAt: now - 2 * MINUTE, error: throttled }));
  const deadShipment = outbound(auditEvent(t, { kind: "shipment", externalId: "9", status: "dead", receivedAt: now - 3 * MINUTE, error: refused }));
  await writeAudit([stuckStock, freshStock, deadShipment]);

  const stock = await listExceptions(t, "stock_not_synced");
  expect(stock).toEqual([
    expect.objectContaining({ type: "stock_not_synced", source: "odoo", kind: "stock", externalId: "42", status: "retrying", errorClass: "transient", odoo: expect.objectContaining({ model: "product.product", id: 42 }) }),
  ]);
  const shipments = await listExceptions(t, "shipment_not_sent");
  expect(shipments).toEqual([
    expect.objectContaining({ type: "shipment_not_sent", kind: "shipment", externalId: "9", status: "dead", errorClass: "data", odoo: expect.objectContaining({ model: "stock.picking", id: 9 }) }),
  ]);
});
