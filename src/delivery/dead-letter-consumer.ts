/**
 * Consumer of router-dead-letters: messages that exhausted their queue retries (the consumer kept
 * crashing). A write is marked dead in its entity object, with the reason, so it shows in the
 * audit trail and the entity's next write is released; audit rows get one more try.
 */
import type { Env } from "../env";
import type { AuditMessage } from "../audit/audit-message";
import { writeAuditMessages } from "../audit/event-records";
import type { WriteMessage } from "./write-message";

export async function consumeDeadLetters(batch: MessageBatch<WriteMessage | AuditMessage>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const body = message.body;
      if (body.type === "write") {
        const entity = env.ENTITY.getByName(body.entity);
        await entity.complete(body.eventId, {
          status: "dead",
          error: { category: "exhausted", name: null, message: "the write message exhausted its queue retries" },
          detail: { queueAttempts: message.attempts },
        });
      } else {
        await writeAuditMessages(env.DB, [body]);
      }
      message.ack();
    } catch (err) {
      console.error({ msg: "dead letter not recorded", err: String(err) });
      message.retry({ delaySeconds: 60 });
    }
  }
}
