import { expect, it } from "vitest";
import { auditEvent, listAlerts, putAlerts, runMinuteCron, writeAudit } from "../support/alerts";
import { createTenant } from "../support/router";

it("dead letters >= N in M minutes open an alert for the tenant; fewer do not", async () => {
  const t = await createTenant();
  expect((await putAlerts(t, { rules: [{ id: "dead", type: "dead_letters", count: 3, minutes: 15 }] })).status).toBe(201);
  const refused = { category: "business", name: "odoo.exceptions.ValidationError", message: "Invalid email" };
  const now = Date.now();
  await writeAudit([1, 2].map((i) => auditEvent(t, { kind: "customer", externalId: `c${i}`, status: "dead", receivedAt: now - 60_000, error: refused })));
  await runMinuteCron(Date.now());
  expect(await listAlerts(t)).toEqual([]);

  await writeAudit([auditEvent(t, { kind: "customer", externalId: "c3", status: "dead", receivedAt: now - 30_000, error: refused })]);
  await runMinuteCron(Date.now());
  const alerts = await listAlerts(t);
  expect(alerts).toHaveLength(1);
  expect(alerts[0]).toMatchObject({ rule: "dead", type: "dead_letters", subject: "*", state: "open", value: 3 });

  // Past the window the dead letters no longer count: resolved.
  await runMinuteCron(Date.now() + 16 * 60_000);
  expect((await listAlerts(t)).map((a) => a.state)).toEqual(["resolved"]);
});
