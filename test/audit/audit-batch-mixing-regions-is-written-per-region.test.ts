import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { consumeAudit } from "../../src/audit/audit-consumer";
import type { Env } from "../../src/env";

const audit = (id: string, tenantId: string, region?: "eu" | "fedramp"): AuditMessage => ({
  type: "audit",
  event: {
    id,
    tenantId,
    sourceId: "shop",
    provider: "shopify",
    topic: "customers/create",
    type: "customer.created",
    kind: "customer",
    externalId: "1",
    deliveryId: id,
    version: 1,
    receivedAt: Date.now(),
    duplicateOf: null,
    // A message queued before regions existed has no field at all: it belongs to DB.
    ...(region ? { region } : {}),
  },
  state: { status: "queued", statusSeq: 1, attempts: 0, reason: null, odoo: null, error: null },
  entries: [{ seq: 1, at: Date.now(), step: "received", detail: null }],
});

// Other test files share these databases (one runtime per pool worker): read this test's tenants only.
const TENANTS = ["plain", "in-eu", "in-fedramp"];
const ids = async (db: D1Database) =>
  (
    await db
      .prepare(`SELECT id FROM events WHERE tenant_id IN (${TENANTS.map(() => "?").join(",")}) ORDER BY id`)
      .bind(...TENANTS)
      .all<{ id: string }>()
  ).results.map((r) => r.id);

it("an audit batch mixing tenants of several regions writes each message to its region's database, and retries only a failing region's", async () => {
  const messages = [
    audit("evt_01KAAAAAAAAAAAAAAAAAAAAAA1", "plain"),
    audit("evt_01KAAAAAAAAAAAAAAAAAAAAAA2", "in-eu", "eu"),
    audit("evt_01KAAAAAAAAAAAAAAAAAAAAAA3", "in-fedramp", "fedramp"),
    audit("evt_01KAAAAAAAAAAAAAAAAAAAAAA4", "in-eu", "eu"),
  ];
  const batch = createMessageBatch("audit-log", messages.map((body, i) => ({ id: `m${i}`, timestamp: Date.now(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await consumeAudit(batch, env);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2", "m3"]);
  expect(result.retryMessages).toEqual([]);
  expect(await ids(env.DB)).toEqual(["evt_01KAAAAAAAAAAAAAAAAAAAAAA1"]);
  expect(await ids(env.DB_EU!)).toEqual(["evt_01KAAAAAAAAAAAAAAAAAAAAAA2", "evt_01KAAAAAAAAAAAAAAAAAAAAAA4"]);
  expect(await ids(env.DB_FEDRAMP!)).toEqual(["evt_01KAAAAAAAAAAAAAAAAAAAAAA3"]);

  // The FedRAMP database unreachable: its message waits on the queue, the others are written and acked.
  const again = [audit("evt_01KAAAAAAAAAAAAAAAAAAAAAA5", "plain"), audit("evt_01KAAAAAAAAAAAAAAAAAAAAAA6", "in-fedramp", "fedramp")];
  const second = createMessageBatch("audit-log", again.map((body, i) => ({ id: `n${i}`, timestamp: Date.now(), attempts: 1, body })));
  const secondCtx = createExecutionContext();
  await consumeAudit(second, { ...env, DB_FEDRAMP: undefined } as Env);
  const secondResult = await getQueueResult(second, secondCtx);
  expect(secondResult.explicitAcks).toEqual(["n0"]);
  expect(secondResult.retryMessages.map((m) => m.msgId)).toEqual(["n1"]);
  expect(await ids(env.DB_FEDRAMP!)).toEqual(["evt_01KAAAAAAAAAAAAAAAAAAAAAA3"]);
});
