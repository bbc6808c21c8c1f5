/**
 * Composition root: the HTTP app (http/app.ts: ingest, admin, audit), the queue consumers and the
 * entity Durable Object class. Read the pipeline top to bottom from here:
 *   http/app.ts -> http/ingest.ts -> providers/ -> entity/ -> delivery/write-consumer.ts -> odoo/ -> db/, audit/
 */
import type { Env } from "./env";
import { app } from "./http/app";
import type { AuditMessage } from "./audit/audit-message";
import { consumeAudit } from "./audit/audit-consumer";
import { consumeDeadLetters } from "./delivery/dead-letter-consumer";
import { consumeReplays, type ReplayPageMessage } from "./delivery/replay-consumer";
import { consumeWrites } from "./delivery/write-consumer";
import type { WriteMessage } from "./delivery/write-message";
import { keyRingOf } from "./security/secret-box";
import { runRetentionSweep } from "./retention/sweep";
import { runAlertsMinute } from "./alerts/evaluate";
import { runDueReconciliations } from "./reconcile/schedule";
import type { ReconcilePageMessage } from "./reconcile/run-page";
import { runOdooPolls } from "./odoo/source/poller";
import type { ResyncPageMessage } from "./outbound/resync";

export { EntityObject } from "./entity/entity-object";
export { OdooGate } from "./tenant/odoo-gate";
export { ConnectionObject } from "./connections/connection-object";
export { RecordLockObject } from "./delivery/record-lock-object";

/** Queues by role; a deployed environment may suffix the names (wrangler.toml: `odoo-writes-staging`). */
const QUEUE_ROLES = ["odoo-writes", "audit-log", "replays", "router-dead-letters"] as const;

function queueRole(queue: string): (typeof QUEUE_ROLES)[number] | undefined {
  return QUEUE_ROLES.find((role) => queue === role || queue.startsWith(`${role}-`));
}

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    switch (queueRole(batch.queue)) {
      case "odoo-writes":
        return consumeWrites(batch as MessageBatch<WriteMessage>, env);
      case "audit-log":
        return consumeAudit(batch as MessageBatch<AuditMessage>, env);
      case "replays":
        return consumeReplays(batch as MessageBatch<ReplayPageMessage | ReconcilePageMessage | ResyncPageMessage>, env);
      case "router-dead-letters":
        return consumeDeadLetters(batch as MessageBatch<WriteMessage | AuditMessage | ReplayPageMessage | ReconcilePageMessage | ResyncPageMessage>, env);
      default:
        // Thrown, so the batch is retried (never acknowledged unread) and the log names the queue.
        throw new Error(`no consumer for queue "${batch.queue}" (see QUEUE_ROLES in src/index.ts)`);
    }
  },
  async scheduled(controller, env) {
    switch (controller.cron) {
      case "* * * * *": {
        // Every minute: alert rules (src/alerts/evaluate.ts), the sources whose reconciliation
        // slot began (src/reconcile/schedule.ts) and the Odoo sources' polls (src/odoo/source/poller.ts).
        // One failing never holds the others back.
        const [alerts, reconciliations, odooPolls] = await Promise.allSettled([
          runAlertsMinute(env, keyRingOf(env), controller.scheduledTime),
          runDueReconciliations(env, controller.scheduledTime),
          runOdooPolls(env, controller.scheduledTime),
        ]);
        for (const [msg, result] of [["alerts", alerts], ["reconciliations", reconciliations], ["odoo polls", odooPolls]] as const) {
          if (result.status === "fulfilled") console.log({ msg, ...result.value });
          else console.error({ msg: `${msg} failed`, err: String(result.reason) });
        }
        if (alerts.status === "rejected") throw alerts.reason;
        if (reconciliations.status === "rejected") throw reconciliations.reason;
        if (odooPolls.status === "rejected") throw odooPolls.reason;
        return;
      }
      default: {
        const report = await runRetentionSweep(env, keyRingOf(env), controller.scheduledTime);
        console.log({ msg: "retention sweep", ...report });
      }
    }
  },
} satisfies ExportedHandler<Env, WriteMessage | AuditMessage | ReplayPageMessage | ReconcilePageMessage>;
