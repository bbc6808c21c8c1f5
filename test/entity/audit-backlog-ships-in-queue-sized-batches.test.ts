import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { customerIngest } from "../support/customer-ingest";

const QUEUE_MESSAGE_BYTES = 128_000;
const BUDGET = { messageBytes: 100_000, batchBytes: 200_000 };
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

it("a backlog of large timeline rows (the audit queue was down) ships in messages and batches under the queue limits, losing none", async () => {
  const stub = env.ENTITY.getByName(`backlog-${crypto.randomUUID()}`);
  await runInDurableObject(stub, (_instance, state) => {
    const store = new EntityStore(state.storage.sql);
    const now = Date.now();
    const { identity } = customerIngest(1, now, "evt_backlog", "d-1");
    store.ingest(customerIngest(1, now, "evt_backlog", "d-1"), now);
    // 40 retries of 9 KB each, unshipped: 360 KB for one event, more than a message and a batch hold.
    for (let i = 0; i < 40; i++) {
      store.recordRetry(identity.id, { category: "retryable", name: null, message: `${i}:${"é".repeat(4_500)}` }, 0, now + i);
    }

    const shippedSeqs: number[] = [];
    for (let round = 0; round < 20; round++) {
      const { messages, shipped } = store.pendingAudit(50, BUDGET);
      if (messages.length === 0) break;
      expect(bytes(messages)).toBeLessThanOrEqual(BUDGET.batchBytes);
      for (const message of messages) {
        expect(bytes(message)).toBeLessThan(QUEUE_MESSAGE_BYTES);
        shippedSeqs.push(...message.entries.map((e) => e.seq));
      }
      store.markAuditShipped(shipped);
    }
    // Every entry went out once, in order: 4 from the ingest, then one per retry.
    expect(shippedSeqs).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
  });
});
