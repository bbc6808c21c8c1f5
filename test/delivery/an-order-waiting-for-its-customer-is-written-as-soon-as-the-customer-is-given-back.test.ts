import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordLockObject } from "../../src/delivery/record-locks";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("an order that finds its customer held by another write is woken when the customer is given back, not by its backoff", async () => {
  // A backoff of a minute: an order retried by its timer would come back 30-60 s later.
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  // What another order does while it creates the same customer: it holds the customer's record.
  const locks = recordLockObject(env, undefined, t.tenant, t.source);
  expect(await locks.hold("another-order-write", [{ kind: "customer", externalId: "7115310627314" }])).toEqual({ status: "held" });

  const orderEvent = await eventIdOf(await postShopify(t, "orders/create", shopifyOrder()));
  const waiting = (await waitForStatus(t, orderEvent, ["retrying", "delivered", "dead"]))!;
  expect(waiting.status).toBe("retrying");
  // It waits on the customer; its own retry is only the safety net: when the hold's one-minute
  // lease ends (should its holder have crashed), not its backoff.
  const waited = attemptDetail((await getEvent(t, orderEvent))!);
  expect(waited).toMatchObject({ waitingFor: "customer 7115310627314" });
  expect(waited.retryInSeconds).toBeGreaterThanOrEqual(55);
  expect(waited.retryInSeconds).toBeLessThanOrEqual(61);

  const givenBack = Date.now();
  await locks.release("another-order-write");
  const order = (await waitForStatus(t, orderEvent, ["delivered", "dead"], 15_000))!;
  expect(order.status).toBe("delivered");
  const delivered = Date.parse((await getEvent(t, orderEvent))!.timeline!.find((e) => e.step === "delivered")!.at);
  expect(delivered - givenBack).toBeLessThan(2_500);
  expect(await odooRecords(t, "sale.order")).toHaveLength(1);
});
