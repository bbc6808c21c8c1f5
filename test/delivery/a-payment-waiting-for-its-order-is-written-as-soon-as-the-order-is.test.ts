import { expect, it } from "vitest";
import { attemptDetail, createTenant, getEvent, postShopify, waitForStatus, type AuditEvent } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;
const deliveredAt = (event: AuditEvent) => Date.parse(event.timeline!.find((e) => e.step === "delivered")!.at);

it("a payment that arrived before its order is written right after the order, woken by it rather than by its backoff", async () => {
  // A backoff of a minute: a payment retried by its timer would come back 30-60 s later.
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  const paymentEvent = await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction()));
  expect((await waitForStatus(t, paymentEvent, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");
  expect(attemptDetail((await getEvent(t, paymentEvent))!)).toMatchObject({ waitingFor: "order 5820982911946", retryInSeconds: 1_800 });

  const orderEvent = await eventIdOf(await postShopify(t, "orders/create", shopifyOrder()));
  expect((await waitForStatus(t, orderEvent, ["delivered", "dead"]))!.status).toBe("delivered");
  expect((await waitForStatus(t, paymentEvent, ["delivered", "dead"], 15_000))!.status).toBe("delivered");

  // In the events' own timeline: the payment follows the order within a couple of seconds.
  const gap = deliveredAt((await getEvent(t, paymentEvent))!) - deliveredAt((await getEvent(t, orderEvent))!);
  expect(gap).toBeGreaterThanOrEqual(0);
  expect(gap).toBeLessThan(2_500);
});
