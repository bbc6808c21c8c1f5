import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { getEventWithTimeline, writeAuditMessages } from "../../src/audit/event-records";

const identity = {
  id: "evt_01KAAAAAAAAAAAAAAAAAAAAAAA",
  tenantId: "acme",
  sourceId: "shop",
  provider: "shopify",
  topic: "orders/create",
  type: "order.created",
  kind: "order",
  externalId: "1",
  deliveryId: "wh-1",
  version: 1,
  receivedAt: Date.parse("2026-11-20T10:00:00Z"),
  duplicateOf: null,
};

const message = (status: AuditMessage["state"]["status"], statusSeq: number, steps: string[]): AuditMessage => ({
  type: "audit",
  event: identity,
  state: { status, statusSeq, attempts: 1, reason: null, odoo: status === "delivered" ? { model: "sale.order", id: 7 } : null, error: null },
  entries: steps.map((step, i) => ({ seq: statusSeq - steps.length + 1 + i, at: identity.receivedAt + i, step, detail: null })),
});

it("audit rows are idempotent and a late, older state never overwrites a newer one", async () => {
  const queued = message("queued", 4, ["received", "verified", "ordered", "queued"]);
  const delivered = message("delivered", 6, ["odoo_attempt", "delivered"]);
  // The queue does not keep order, and may deliver a message twice.
  await writeAuditMessages(env.DB, [delivered]);
  await writeAuditMessages(env.DB, [queued, delivered]);
  await writeAuditMessages(env.DB, [queued]);

  const event = await getEventWithTimeline(env.DB, "acme", identity.id);
  expect(event?.status).toBe("delivered");
  expect(event?.odoo).toEqual({ model: "sale.order", id: 7 });
  expect(event?.timeline.map((e) => e.step)).toEqual(["received", "verified", "ordered", "queued", "odoo_attempt", "delivered"]);
});

it("a batch of many messages is written in statements that respect D1's 100-parameter limit", async () => {
  const many = Array.from({ length: 75 }, (_, i) => ({
    ...message("queued", 4, ["received", "verified", "ordered", "queued"]),
    event: { ...identity, id: `evt_01KC${String(i).padStart(22, "0")}` },
  }));
  await writeAuditMessages(env.DB, many);
  for (const m of [many[0]!, many[74]!]) {
    const event = await getEventWithTimeline(env.DB, "acme", m.event.id);
    expect(event?.timeline.map((e) => e.step)).toEqual(["received", "verified", "ordered", "queued"]);
  }
});
