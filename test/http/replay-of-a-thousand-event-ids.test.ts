import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { writeAuditMessages } from "../../src/audit/event-records";
import { newEventId } from "../../src/ids";
import { ADMIN_TOKEN, call, createTenant, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

/** A dead event known to the audit trail only (its entity object never saw it). */
const auditOnlyDeadEvent = (tenantId: string, sourceId: string, id: string, n: number): AuditMessage => ({
  type: "audit",
  event: {
    id,
    tenantId,
    sourceId,
    provider: "shopify",
    topic: "customers/update",
    type: "customer.updated",
    kind: "customer",
    externalId: `audit-only-${n}`,
    deliveryId: `wh-${n}`,
    version: 1,
    receivedAt: Date.now() - 60_000,
    duplicateOf: null,
  },
  state: { status: "dead", statusSeq: 2, attempts: 1, reason: "test", odoo: null, error: null },
  entries: [{ seq: 1, at: Date.now() - 60_000, step: "received", detail: null }],
});

it("a replay naming 1,000 event ids (the schema's maximum) is counted and carried out instead of failing on D1's 100-parameter limit", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: "Missing VAT" }]);
  const { eventId: realDead } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  expect((await waitForStatus(t, realDead, ["dead", "delivered"])).status).toBe("dead");

  // 120 more dead events in D1 (written in one audit batch: > 100 rows), and 879 ids that match nothing.
  const auditOnly = Array.from({ length: 120 }, () => newEventId(Date.now() - 60_000));
  await writeAuditMessages(env.DB, auditOnly.map((id, n) => auditOnlyDeadEvent(t.tenant, t.source, id, n)));
  const unknown = Array.from({ length: 879 }, () => newEventId());
  const eventIds = [...unknown.slice(0, 400), realDead, ...auditOnly, ...unknown.slice(400)];
  expect(eventIds).toHaveLength(1000);

  const replay = (body: object) => call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify(body) });
  const dry = await replay({ status: "dead", eventIds, dryRun: true });
  expect(dry.status).toBe(200);
  expect(await dry.json()).toMatchObject({ dryRun: true, count: 121 });

  const started = await replay({ status: "dead", eventIds });
  expect(started.status).toBe(202);
  const job = (await started.json()) as { jobId: string; count: number };
  expect(job.count).toBe(121);

  const progress = await vi.waitUntil(
    async () => {
      const r = (await (await call(`/v1/tenants/${t.tenant}/replays/${job.jobId}`, { token: ADMIN_TOKEN })).json()) as {
        status: string;
        replayed: number;
        skipped: number;
      };
      return r.status === "done" ? r : null;
    },
    { timeout: 20_000, interval: 100 },
  );
  // The real event is replayed; the audit-only ones have no payload in an entity object to replay.
  expect(progress).toMatchObject({ replayed: 1, skipped: 120 });
  await vi.waitUntil(async () => (await odooRecords(t, "res.partner")).length === 1, { timeout: 10_000, interval: 100 });
});
