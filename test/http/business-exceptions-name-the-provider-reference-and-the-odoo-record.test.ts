import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { MappingStore } from "../../src/db/mappings";
import { auditEvent, listExceptions, putAlerts, writeAudit } from "../support/alerts";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";

const MINUTE = 60_000;

it("orders not in Odoo, invoices not posted, payments not applied and refunds not credited are listed by type", async () => {
  const t = await createTenant();
  // Waiting counts after 30 minutes for this tenant.
  expect((await putAlerts(t, { exceptions: { waitingMinutes: 30 } })).status).toBe(201);
  const now = Date.now();
  const refused = { category: "business", name: "odoo.exceptions.ValidationError", message: "The operation cannot be completed: Missing required value for the field 'Customer' (partner_id)." };
  const waitOrder = { category: "retryable", name: null, message: "payment p-1 waits for order o-2 to be written to Odoo first" };
  // The invoice exists in Odoo (mapped) but its last change died.
  await new MappingStore(env.DB, t.tenant, t.source).put("invoice", "in-1", { model: "account.move", id: 41 });
  const events = [
    auditEvent(t, { kind: "order", externalId: "o-1", status: "dead", receivedAt: now - 2 * MINUTE, error: refused }),
    auditEvent(t, { kind: "order", externalId: "o-2", status: "retrying", receivedAt: now - 10 * MINUTE, error: waitOrder }),
    auditEvent(t, { kind: "invoice", externalId: "in-1", status: "dead", receivedAt: now - 3 * MINUTE, error: refused }),
    auditEvent(t, { kind: "payment", externalId: "p-1", status: "retrying", receivedAt: now - 45 * MINUTE, error: waitOrder }),
    auditEvent(t, { kind: "payment", externalId: "p-2", status: "queued", receivedAt: now - 5 * MINUTE }),
    auditEvent(t, { kind: "refund", externalId: "r-1", status: "accepted", receivedAt: now - 90 * MINUTE }),
  ];
  await writeAudit(events);

  const orders = await listExceptions(t, "order_not_in_odoo");
  // o-2 waits for 10 minutes only: not yet an exception.
  expect(orders.map((i) => [i.externalId, i.status, i.errorClass, i.odoo])).toEqual([["o-1", "dead", "data", null]]);

  const invoices = await listExceptions(t, "invoice_not_posted");
  expect(invoices).toHaveLength(1);
  expect(invoices[0]).toMatchObject({ externalId: "in-1", errorClass: "data", odoo: { model: "account.move", id: 41, url: `${t.odooUrl}/odoo/account.move/41` } });

  const payments = await listExceptions(t, "payment_not_applied");
  expect(payments.map((i) => [i.externalId, i.errorClass])).toEqual([["p-1", "dependency"]]);
  expect(payments[0]!.ageMinutes).toBeGreaterThanOrEqual(45);

  const refunds = await listExceptions(t, "refund_not_credited");
  expect(refunds.map((i) => [i.externalId, i.status, i.errorClass])).toEqual([["r-1", "accepted", null]]);

  const bad = await call(`/v1/tenants/${t.tenant}/exceptions?type=late`, { token: ADMIN_TOKEN });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "invalid_request",
    message: expect.stringContaining("type"),
  });
});
