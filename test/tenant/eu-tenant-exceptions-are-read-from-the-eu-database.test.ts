import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { writeAuditMessages } from "../../src/audit/event-records";
import { auditEvent, listExceptions } from "../support/alerts";
import { createTenant } from "../support/router";

it("an EU tenant's exceptions come from its EU database", async () => {
  const t = await createTenant({ region: "eu" });
  const stuck = auditEvent(t, {
    kind: "payment",
    externalId: "eu-p1",
    status: "retrying",
    receivedAt: Date.now() - 3 * 3600_000,
    error: { category: "retryable", name: null, message: "Odoo unreachable: timeout" },
  });
  stuck.event.region = "eu";
  await writeAuditMessages(env.DB_EU!, [stuck]);
  expect((await listExceptions(t, "stuck")).map((i) => i.eventId)).toEqual([stuck.event.id]);
  expect((await listExceptions(t, "payment_not_applied")).map((i) => [i.externalId, i.errorClass])).toEqual([["eu-p1", "transient"]]);
  const inDefault = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE tenant_id = ?").bind(t.tenant).first<{ n: number }>();
  expect(inDefault?.n).toBe(0);
});
