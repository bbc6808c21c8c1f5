import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import worker from "../../src/index";
import { entityName } from "../../src/entity/entity-name";
import type { WriteMessage } from "../../src/delivery/write-message";
import { createTenant, getEvent, postShopify, waitForStatus } from "../support/router";
import { shopifyTransaction } from "../support/shopify";

/** Runs the worker's queue handler on one odoo-writes message, as the queue would. */
async function consume(id: string, body: WriteMessage) {
  const batch = createMessageBatch<WriteMessage>("odoo-writes", [{ id, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env); // the handler takes no context: ctx only collects waitUntil for getQueueResult
  return getQueueResult(batch, ctx);
}

it("the consumer keeps a waiting write's message for the safety delay (never acks it), and acks a message sent before the write's last wake-up", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  const { eventId } = (await (await postShopify(t, "order_transactions/create", shopifyTransaction())).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");
  const message: WriteMessage = { type: "write", tenantId: t.tenant, entity: entityName(t.tenant, t.source, "payment", "389404469"), eventId };

  // Its order is still missing: the payment waits again, retried on its own only after 30 x 60 s.
  const waiting = await consume("message-1", message);
  expect(waiting.explicitAcks).toEqual([]);
  expect(waiting.retryMessages).toEqual([{ msgId: "message-1" }]);
  // (getQueueResult does not report the delay: the attempt's timeline entry does.)
  const second = await vi.waitUntil(
    async () => (await getEvent(t, eventId))!.timeline!.find((e) => e.step === "odoo_attempt" && e.detail?.attempt === 2),
    { timeout: 5_000, interval: 50 },
  );
  expect(second.detail).toMatchObject({ outcome: "failed", retryInSeconds: 1_800, waitingFor: "order 5820982911946" });

  // Woken (its order's object would do this): the write goes out again as wake-up 1...
  const payment = env.ENTITY.getByName(message.entity);
  expect(await payment.wake(eventId)).toBe(true);
  // ...and a message sent before it is redundant: acked without an attempt.
  const outdated = await consume("message-0", message);
  expect(outdated.explicitAcks).toEqual(["message-0"]);
  expect(outdated.retryMessages).toEqual([]);
});
