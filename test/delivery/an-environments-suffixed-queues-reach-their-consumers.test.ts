import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { getJob, insertJob } from "../../src/db/replay-jobs";
import type { ReplayPageMessage } from "../../src/delivery/replay-consumer";
import { newEventId } from "../../src/ids";

// wrangler.toml names staging's queues `replays-staging`, `odoo-writes-staging`...: the consumer
// is chosen by the name's role, not by the exact local name.
it("a page on replays-staging is consumed as a replay page (not as a dead letter), and a queue of no known role is never acked", async () => {
  const tenantId = "suffixed";
  await insertJob(env.DB, {
    id: "rpl_suffixed",
    tenantId,
    filter: { status: "dead", eventIds: [newEventId()] },
    status: "queued",
    total: 0,
    upperId: newEventId(),
    createdAt: Date.now(),
  });
  const page = (queue: string) =>
    createMessageBatch<ReplayPageMessage>(queue, [{ id: "m1", timestamp: Date.now(), attempts: 1, body: { type: "replay-page", tenantId, jobId: "rpl_suffixed" } }]);

  const batch = page("replays-staging");
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
  expect((await getJob(env.DB, tenantId, "rpl_suffixed"))?.status).toBe("done");

  await expect(worker.queue(page("webhook-replays"), env)).rejects.toThrow(/no consumer for queue "webhook-replays"/);
});
