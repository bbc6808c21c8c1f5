import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordLockObject } from "../../src/delivery/record-locks";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a customer's own write and an order both creating that new customer, woken by the same release, create it once", async () => {
  const t = await createTenant();
  const locks = recordLockObject(env, undefined, t.tenant, t.source);
  // A third write holds the customer's record: both writes below find it held and wait.
  expect(await locks.hold("a-third-write", [{ kind: "customer", externalId: "7115310627314" }])).toEqual({ status: "held" });
  const [customerEvent, orderEvent] = await Promise.all([
    postShopify(t, "customers/create", shopifyCustomer({ id: 7115310627314 })).then(eventIdOf),
    postShopify(t, "orders/create", shopifyOrder()).then(eventIdOf),
  ]);
  for (const eventId of [customerEvent, orderEvent]) {
    expect((await waitForStatus(t, eventId, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");
    expect(attemptDetail((await getEvent(t, eventId))!)).toMatchObject({ waitingFor: "customer 7115310627314" });
  }
  expect(await odooRecords(t, "res.partner")).toHaveLength(0);

  // Given back: both go at once, and race for the customer's record; one creates it, the other finds it.
  await locks.release("a-third-write");
  for (const eventId of [customerEvent, orderEvent]) expect((await waitForStatus(t, eventId, ["delivered", "dead"], 10_000)).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
  expect(await odooRecords(t, "sale.order")).toHaveLength(1);
});
