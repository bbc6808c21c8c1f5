import { expect, it } from "vitest";
import { auditEvent, listAlerts, putAlerts, runMinuteCron, writeAudit } from "../support/alerts";
import { createTenant } from "../support/router";

it("exceptions of a type >= N open an alert named after the type", async () => {
  const t = await createTenant();
  expect((await putAlerts(t, { rules: [{ id: "payments", type: "exceptions", count: 2, exceptionType: "payment_not_applied" }] })).status).toBe(201);
  const waiting = { category: "retryable", name: null, message: "payment p waits for order o to be written to Odoo first" };
  const old = Date.now() - 3 * 3600_000;
  await writeAudit([1, 2].map((i) => auditEvent(t, { kind: "payment", externalId: `p${i}`, status: "retrying", receivedAt: old, error: waiting })));
  await runMinuteCron(Date.now());
  const alerts = await listAlerts(t);
  expect(alerts.map((a) => [a.rule, a.type, a.subject, a.state, a.value])).toEqual([["payments", "exceptions", "payment_not_applied", "open", 2]]);
});
