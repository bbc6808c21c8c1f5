import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import type { ClaimResult } from "../../src/entity/entity-store";
import { IN_DELIVERY_RETRY } from "../../src/odoo/retrying-client";
import { attemptDetail, createTenant, getEvent, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("an order whose customer's own write is in flight but not creating it goes ahead, and the customer is created once", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  // The customer's first write fails for now (Odoo answers 503 to each of its call's quick attempts
  // within the delivery, odoo/retrying-client.ts): it is retrying, a minute away.
  await injectOdooFaults(t, [{ kind: "http_503", model: "res.partner", times: IN_DELIVERY_RETRY.attempts }]);
  const customerEvent = await eventIdOf(await postShopify(t, "customers/create", shopifyCustomer({ id: 7115310627314 })));
  expect((await waitForStatus(t, customerEvent, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");

  // A consumer takes the customer's write again and is slow. The entity is claimed, but the
  // customer's record is held only while a write may create it: the order does not wait for it.
  const customer = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", "7115310627314"));
  expect(((await customer.claim(customerEvent, "slow-consumer")) as ClaimResult).status).toBe("ready");
  const orderEvent = await eventIdOf(await postShopify(t, "orders/create", shopifyOrder()));
  expect((await waitForStatus(t, orderEvent, ["retrying", "delivered", "dead"], 10_000))!.status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, orderEvent))!)).not.toHaveProperty("waitingFor");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
