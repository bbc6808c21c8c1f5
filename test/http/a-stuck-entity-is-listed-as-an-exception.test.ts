import { expect, it } from "vitest";
import { auditEvent, listExceptions, writeAudit } from "../support/alerts";
import { createTenant } from "../support/router";

const MINUTE = 60_000;

it("an entity whose newest event is still retrying after the stuck threshold (default 60 min) is listed, with its class and age", async () => {
  const t = await createTenant();
  const now = Date.now();
  const timeout = { category: "retryable", name: null, message: "Odoo unreachable: timeout" };
  const stuck = auditEvent(t, { kind: "order", externalId: "1001", status: "retrying", receivedAt: now - 120 * MINUTE, error: timeout });
  // Retrying, but for less than the threshold.
  const recent = auditEvent(t, { kind: "order", externalId: "1002", status: "retrying", receivedAt: now - 5 * MINUTE, error: timeout });
  // Retrying long ago, but a newer event of the same entity was delivered since.
  const old = auditEvent(t, { kind: "order", externalId: "1003", status: "retrying", receivedAt: now - 180 * MINUTE, error: timeout });
  const newer = auditEvent(t, { kind: "order", externalId: "1003", status: "delivered", receivedAt: now - 100 * MINUTE, odoo: { model: "sale.order", id: 7 } });
  // Dead is terminal: not stuck (it is a dead letter).
  const dead = auditEvent(t, { kind: "customer", externalId: "c1", status: "dead", receivedAt: now - 300 * MINUTE, error: timeout });
  await writeAudit([stuck, recent, old, newer, dead]);

  const items = await listExceptions(t, "stuck");
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    type: "stuck",
    source: t.source,
    kind: "order",
    externalId: "1001",
    eventId: stuck.event.id,
    status: "retrying",
    errorClass: "transient",
    error: "Odoo unreachable: timeout",
    odoo: null,
  });
  expect(items[0]!.ageMinutes).toBeGreaterThanOrEqual(120);
  expect(items[0]!.ageMinutes).toBeLessThan(125);
});
