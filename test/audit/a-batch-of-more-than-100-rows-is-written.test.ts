import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { getEventWithTimeline, listEvents, writeAuditMessages } from "../../src/audit/event-records";
import { newEventId } from "../../src/ids";

const message = (id: string, n: number): AuditMessage => ({
  type: "audit",
  event: {
    id,
    tenantId: "bulk",
    sourceId: "shop",
    provider: "shopify",
    topic: "orders/create",
    type: "order.created",
    kind: "order",
    externalId: String(n),
    deliveryId: `wh-${n}`,
    version: n,
    receivedAt: Date.parse("2026-11-20T10:00:00Z") + n,
    duplicateOf: null,
  },
  state: { status: "queued", statusSeq: 3, attempts: 0, reason: null, odoo: null, error: null },
  entries: ["received", "verified", "queued"].map((step, i) => ({ seq: i + 1, at: Date.parse("2026-11-20T10:00:00Z") + n, step, detail: { n } })),
});

it("one audit batch of 250 events (more rows and timeline chunks than D1 binds in one statement) is written whole", async () => {
  const ids = Array.from({ length: 250 }, (_, n) => newEventId(Date.parse("2026-11-20T10:00:00Z") + n));
  await writeAuditMessages(env.DB, ids.map(message));

  const page = await listEvents(env.DB, { tenantId: "bulk", limit: 500 });
  expect(page.items).toHaveLength(250);
  for (const id of [ids[0]!, ids[124]!, ids[249]!]) {
    const event = await getEventWithTimeline(env.DB, "bulk", id);
    expect(event?.timeline.map((e) => e.step)).toEqual(["received", "verified", "queued"]);
  }
});
