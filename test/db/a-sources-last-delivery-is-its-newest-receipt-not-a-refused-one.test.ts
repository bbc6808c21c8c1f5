/**
 * The silent-source exception reads when each source last received a delivery from the metric
 * totals (no index on the events for it, migrations/0016): the newest receipt of the source over
 * its kinds, never lowered by an older event written later, and a refused delivery does not count.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { writeAuditMessages } from "../../src/audit/event-records";
import { lastDeliveries } from "../../src/db/exceptions";
import { newEventId } from "../../src/ids";
import { deliveredOrder } from "../support/audit-messages";
import { uniqueId } from "../support/shopify";

function refused(tenantId: string, sourceId: string, at: number): AuditMessage {
  return {
    type: "audit",
    event: {
      id: newEventId(at),
      tenantId,
      sourceId,
      provider: "shopify",
      topic: "orders/create",
      type: null,
      kind: null,
      externalId: null,
      deliveryId: null,
      version: null,
      receivedAt: at,
      duplicateOf: null,
    },
    state: { status: "rejected", statusSeq: 2, attempts: 0, reason: "bad_signature: no match", odoo: null, error: null },
    entries: [
      { seq: 1, at, step: "received", detail: null },
      { seq: 2, at, step: "rejected", detail: { code: "bad_signature", reason: "no match" } },
    ],
  };
}

it("a source's last delivery is its newest accepted receipt: older events written later and refused ones do not move it", async () => {
  const tenant = uniqueId("t-lastdelivery");
  const newer = Date.parse("2026-11-20T10:00:00Z");
  const older = newer - 3_600_000;
  await writeAuditMessages(env.DB, deliveredOrder(tenant, newer, { ackMs: 5, deliveredAfterMs: 100, odooMs: 50 }));
  // Another kind of the same source, older, shipped later; a refusal after both.
  const olderQueued = deliveredOrder(tenant, older, { ackMs: 5, deliveredAfterMs: 100, odooMs: 50 })[0]!;
  await writeAuditMessages(env.DB, [{ ...olderQueued, event: { ...olderQueued.event, kind: "customer" } }]);
  await writeAuditMessages(env.DB, [refused(tenant, "shop", newer + 60_000), refused(tenant, "b2b", newer + 60_000)]);

  const last = await lastDeliveries(env.DB, tenant, ["shop", "b2b", "never"]);
  expect(last.get("shop")).toBe(newer);
  expect(last.get("b2b")).toBeNull();
  expect(last.get("never")).toBeNull();
});
