/**
 * Consumer of router-dead-letters: messages that exhausted their queue retries (the consumer kept
 * crashing). A write is marked dead in its entity object, with the reason, so it shows in the
 * audit trail and the entity's next write is released; audit rows get one more try.
 */
import type { Env } from "../env";
import type { AuditMessage } from "../audit/audit-message";
import { writeAuditMessages } from "../audit/event-records";
import type { ReplayPageMessage } from "./replay-consumer";
import type { WriteMessage } from "./write-message";
import type { ReconcilePageMessage } from "../reconcile/run-page";
import { updateJob } from "../db/reconciliations";
import { failResync } from "../db/outbound-resyncs";
import type { ResyncPageMessage } from "../outbound/resync";
import { entityNamespace, tenantDb } from "../tenant/region";

export async function consumeDeadLetters(
  batch: MessageBatch<WriteMessage | AuditMessage | ReplayPageMessage | ReconcilePageMessage | ResyncPageMessage>,
  env: Env,
): Promise<void> {
  for (const message of batch.messages) {
    try {
      const body = message.body;
      if (body.type === "write") {
        const entity = entityNamespace(env, body.region).getByName(body.entity);
        await entity.complete(body.eventId, {
          status: "dead",
          error: { category: "exhausted", name: null, message: "the write message exhausted its queue retries" },
          detail: { queueAttempts: message.attempts },
        });
      } else if (body.type === "audit") {
        await writeAuditMessages(tenantDb(env, body.event.region), [body]);
      } else if (body.type === "reconcile-page") {
        // A reconciliation step that kept failing (the provider kept refusing): the job says so.
        await updateJob(tenantDb(env, body.region), body.jobId, {}, {
          state: "failed",
          phase: "done",
          error: "transient: the step exhausted its queue retries (the provider or Odoo kept failing)",
          finishedAt: Date.now(),
        });
      } else if (body.type === "outbound-resync-page") {
        // An outbound resync page that kept failing (Odoo kept refusing): the job says so.
        await failResync(tenantDb(env, body.region), body.jobId, "transient: the page exhausted its queue retries (Odoo kept failing)", Date.now());
      } else {
        // A replay page that kept failing: the job stays "running" where it stopped, visible in
        // GET /v1/tenants/{t}/replays/{jobId}; asking for the replay again resumes nothing twice
        // that matters, since entity ordering keeps Odoo right.
        console.error({ msg: "replay page abandoned", jobId: body.jobId });
      }
      message.ack();
    } catch (err) {
      console.error({ msg: "dead letter not recorded", err: String(err) });
      message.retry({ delaySeconds: 60 });
    }
  }
}
