/**
 * Consumer of the audit-log queue: many entity objects' timeline entries become one D1 batch.
 * On failure the whole batch is retried (writes are idempotent), so nothing is acked unwritten.
 */
import type { Env } from "../env";
import type { AuditMessage } from "./audit-message";
import { writeAuditMessages } from "./event-records";

export async function consumeAudit(batch: MessageBatch<AuditMessage>, env: Env): Promise<void> {
  try {
    await writeAuditMessages(env.DB, batch.messages.map((m) => m.body));
    batch.ackAll();
  } catch (err) {
    console.error({ msg: "audit batch failed", size: batch.messages.length, err: String(err) });
    batch.retryAll({ delaySeconds: 5 });
  }
}
