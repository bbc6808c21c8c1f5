/**
 * The reconciliation steps on the low-priority lane (the `replays` queue): runs one step and
 * queues the next. A transient provider error (429, 5xx, the rate gate full) retries the same step
 * after the wait the provider asked for, and so does a transient Odoo error; nothing else is
 * retried (the job says why it failed).
 */
import type { Env } from "../env";
import { ProviderApiError } from "../providers/provider-api";
import { OdooError } from "../odoo/errors";
import { openSession } from "../connections/open-session";
import { reconcileStep, type PageDeps, type ReconcilePageMessage } from "./run-page";

export const RECONCILE_DEPS: PageDeps = { openSession };

export async function consumeReconcileStep(message: Message<ReconcilePageMessage>, env: Env, deps: PageDeps = RECONCILE_DEPS): Promise<void> {
  try {
    const outcome = await reconcileStep(message.body, env, deps);
    if (outcome.next) {
      await env.REPLAYS.send(message.body, outcome.next === "later" ? { delaySeconds: outcome.delaySeconds ?? 1 } : undefined);
    }
    message.ack();
  } catch (err) {
    const retryAfter = err instanceof ProviderApiError || err instanceof OdooError ? err.retryAfterSeconds : null;
    const delaySeconds = retryAfter !== null ? Math.max(1, Math.ceil(retryAfter)) : 10;
    console.error({ msg: "reconciliation step will be retried", jobId: message.body.jobId, delaySeconds, err: String(err) });
    message.retry({ delaySeconds });
  }
}
