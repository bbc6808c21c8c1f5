import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { WAITER_CLOCK_SKEW_MS } from "../../src/entity/entity-store";
import { decideAfterWaiting } from "../../src/delivery/write-decision";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("a write registering as a waiter after its dependency's write was delivered hears 'ready' and goes again at once", async () => {
  const t = await createTenant();
  // The payment's attempt begins: it reads the order's mapping and finds none...
  const attemptBegan = Date.now();
  // ...meanwhile the order's write is delivered (nobody is registered yet to be woken)...
  const orderEvent = ((await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, orderEvent, ["delivered", "dead"]))!.status).toBe("delivered");

  // ...and only then does the payment register on the order's entity.
  const order = env.ENTITY.getByName(entityName(t.tenant, t.source, "order", "5820982911946"));
  const waiter = { entity: entityName(t.tenant, t.source, "payment", "389404469"), eventId: "payment-event", region: null };
  const late = await order.addWaiter(waiter, "written", attemptBegan);
  expect(late).toEqual({ status: "ready" });
  // The consumer then retries it now, not after the waiting write's safety delay.
  expect(decideAfterWaiting(late, { error: { category: "retryable", name: null, message: "waits" }, delaySeconds: 1_800, backoffSeconds: 40 })).toMatchObject({
    kind: "retry",
    delaySeconds: 0,
  });

  // A write whose attempt began after the delivery waits (no busy loop on an old delivery).
  expect(await order.addWaiter(waiter, "written", Date.now() + WAITER_CLOCK_SKEW_MS + 1_000)).toEqual({ status: "waiting" });
});
