import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import type { ClaimResult } from "../../src/entity/entity-store";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("an order delivered while its waiting payment is being tried wakes the payment when that attempt records its retry", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  const paymentEvent = await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction()));
  expect((await waitForStatus(t, paymentEvent, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");

  // A consumer takes the waiting payment (its safety retry, say) and is slow...
  const payment = env.ENTITY.getByName(entityName(t.tenant, t.source, "payment", "389404469"));
  const claim = (await payment.claim(paymentEvent, "slow-consumer")) as ClaimResult;
  expect(claim.status).toBe("ready");
  // ...while the order is delivered: its wake-up finds the payment claimed.
  const orderEvent = await eventIdOf(await postShopify(t, "orders/create", shopifyOrder()));
  expect((await waitForStatus(t, orderEvent, ["delivered", "dead"]))!.status).toBe("delivered");
  await new Promise((resolve) => setTimeout(resolve, 300)); // the order's notice reaches the payment
  expect((await waitForStatus(t, paymentEvent, ["retrying"]))!.status).toBe("retrying");

  // The slow attempt then fails as still waiting, with the long safety delay: the wake-up it
  // missed sends the payment again at once.
  const error = { category: "retryable" as const, name: null, message: "payment 389404469 waits for order 5820982911946 to be written to Odoo first" };
  await payment.recordRetry(paymentEvent, error, 1_800, "order 5820982911946");
  expect((await waitForStatus(t, paymentEvent, ["delivered", "dead"], 10_000))!.status).toBe("delivered");
});
