import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { createTenant, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a customer whose entity an order holds (creating it) is written seconds after the order gives it back, not when the one-minute lease ends", async () => {
  const t = await createTenant();
  const customer = shopifyCustomer();
  // What an order does while it creates its customer: it takes the customer's entity for a moment.
  const entity = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", String(customer.id)));
  expect(await entity.lockForDependent("an-order-write")).toEqual({ status: "acquired" });

  const { eventId } = (await (await postShopify(t, "customers/create", customer)).json()) as { eventId: string };
  // The customer's write finds its entity held and goes back to the queue.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await waitForStatus(t, eventId, ["queued", "accepted"])).status).not.toBe("delivered");
  await entity.unlockForDependent("an-order-write");

  // The lock's lease had ~58 s left: the write must not wait for it.
  expect((await waitForStatus(t, eventId, ["delivered"], 10_000)).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
