import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordLockObject } from "../../src/delivery/record-locks";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a customer whose record an order holds (creating it) is written seconds after the order gives it back, not when the one-minute lease ends", async () => {
  const t = await createTenant();
  const customer = shopifyCustomer();
  // What an order does while it creates its customer: it holds the customer's record.
  const locks = recordLockObject(env, undefined, t.tenant, t.source);
  expect(await locks.hold("an-order-write", [{ kind: "customer", externalId: String(customer.id) }])).toEqual({ status: "held" });

  const { eventId } = (await (await postShopify(t, "customers/create", customer)).json()) as { eventId: string };
  // The customer's own write finds its record held: it creates nothing and waits for it.
  expect((await waitForStatus(t, eventId, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");
  expect(attemptDetail((await getEvent(t, eventId))!)).toMatchObject({ waitingFor: `customer ${customer.id}` });
  expect(await odooRecords(t, "res.partner")).toHaveLength(0);
  await locks.release("an-order-write");

  // The lock's lease had ~58 s left: the write must not wait for it.
  expect((await waitForStatus(t, eventId, ["delivered"], 10_000)).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
