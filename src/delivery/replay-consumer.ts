/**
 * Consumer of the replays queue: the lower-priority lane. Each message is one page of a replay
 * job; its events go back through their entity objects (dedup bypassed, ordering and staleness
 * enforced), then the next page is queued. The queue runs one page at a time (max_concurrency 1),
 * so a large replay trickles in and never starves live deliveries.
 */
import type { Env } from "../env";
import { advanceJob, getJob, nextPage } from "../db/replay-jobs";
import { entityName } from "../entity/entity-name";
import { newEventId } from "../ids";
import { entityNamespace, tenantDb, type Region } from "../tenant/region";
import { consumeReconcileStep } from "../reconcile/consumer";
import type { ReconcilePageMessage } from "../reconcile/run-page";
import { resyncStep, type ResyncPageMessage } from "../outbound/resync";
import { OdooError } from "../odoo/errors";

export interface ReplayPageMessage {
  type: "replay-page";
  tenantId: string;
  jobId: string;
  /** The tenant's region (where its job, events and objects are); absent = none. */
  region?: Region;
}

const PAGE_SIZE = 50;

export async function consumeReplays(batch: MessageBatch<ReplayPageMessage | ReconcilePageMessage | ResyncPageMessage>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    // Outbound resyncs share the lane too (src/outbound/resync.ts): one page per message.
    if (message.body.type === "outbound-resync-page") {
      try {
        await resyncStep(message.body, env);
        message.ack();
      } catch (err) {
        const delaySeconds = err instanceof OdooError && err.retryAfterSeconds !== null ? Math.max(1, Math.ceil(err.retryAfterSeconds)) : 10;
        console.error({ msg: "outbound resync page will be retried", jobId: message.body.jobId, delaySeconds, err: String(err) });
        message.retry({ delaySeconds });
      }
      continue;
    }
    // Reconciliation shares the lane (src/reconcile/): one step per message, like a replay page.
    if (message.body.type === "reconcile-page") {
      await consumeReconcileStep(message as Message<ReconcilePageMessage>, env);
      continue;
    }
    try {
      await replayPage(message.body as ReplayPageMessage, env);
      message.ack();
    } catch (err) {
      console.error({ msg: "replay page failed", jobId: message.body.jobId, err: String(err) });
      message.retry({ delaySeconds: 10 });
    }
  }
}

async function replayPage({ tenantId, jobId, region }: ReplayPageMessage, env: Env): Promise<void> {
  const db = tenantDb(env, region);
  const job = await getJob(db, tenantId, jobId);
  if (!job || job.status === "done") return;
  const page = await nextPage(db, { tenantId, filter: job.filter, cursor: job.cursor, upperId: job.upperId }, PAGE_SIZE);
  let replayed = 0;
  let skipped = 0;
  // In id order, one after another: two events of one entity reach it oldest first.
  for (const event of page.events) {
    if (!event.kind || !event.externalId) {
      skipped++;
      continue;
    }
    const entity = entityNamespace(env, region).getByName(entityName(tenantId, event.sourceId, event.kind, event.externalId));
    const result = await entity.replay(event.id, newEventId(), jobId);
    if (result.status === "accepted") replayed++;
    else skipped++;
  }
  // A retried page re-replays some events: each gets a new event id, and ordering keeps Odoo right.
  await advanceJob(db, jobId, { cursor: page.cursor, replayed, skipped, done: page.done });
  if (!page.done) await env.REPLAYS.send({ type: "replay-page", tenantId, jobId, ...(region ? { region } : {}) });
}
