import { expect, it } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { contributionsOf } from "../../src/metrics/rollup";

// A contribution with a null time or latency would fail the NOT NULL columns, and with them the
// whole audit batch (retried until it lands in the dead-letter queue): such a count is dropped.
it("timeline entries without a usable time or duration give no contribution, the others still count", () => {
  const message: AuditMessage = {
    type: "audit",
    event: {
      id: "evt_01KAAAAAAAAAAAAAAAAAAAAAAA",
      tenantId: "acme",
      sourceId: "shop",
      provider: "shopify",
      topic: "orders/create",
      type: "order.created",
      kind: "order",
      externalId: "1",
      deliveryId: null,
      version: 1,
      receivedAt: Number.NaN,
      duplicateOf: null,
    },
    state: { status: "delivered", statusSeq: 4, attempts: 1, reason: null, odoo: null, error: null },
    entries: [
      { seq: 1, at: Number.NaN, step: "received", detail: null },
      { seq: 2, at: 1_000_000, step: "ordered", detail: null },
      { seq: 3, at: 2_000_000, step: "odoo_attempt", detail: { outcome: "ok", odooCalls: 2.5, ms: "slow" } },
      { seq: 4, at: 2_000_000, step: "delivered", detail: null },
    ],
  };
  const contributions = contributionsOf([message]);
  expect(contributions.map((c) => [c.metric, c.label, c.n])).toEqual([
    ["accepted", "", 1],
    ["odoo_attempt", "ok", 1],
    ["delivered", "", 1],
  ]);
  for (const c of contributions) {
    expect(Number.isFinite(c.minuteAt)).toBe(true);
    expect(Number.isFinite(c.sumMs)).toBe(true);
  }
});
