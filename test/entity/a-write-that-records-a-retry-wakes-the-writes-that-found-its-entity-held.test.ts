import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import type { ClaimResult } from "../../src/entity/entity-store";
import { IN_DELIVERY_RETRY } from "../../src/odoo/retrying-client";
import { attemptDetail, createTenant, getEvent, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("an order that found its customer's own write in flight is woken when that write records a retry, not only when it is delivered", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  // The customer's first write fails for now (Odoo answers 503 to each of its call's quick attempts
  // within the delivery, odoo/retrying-client.ts): it is retrying, a minute away.
  await injectOdooFaults(t, [{ kind: "http_503", model: "res.partner", times: IN_DELIVERY_RETRY.attempts }]);
  const customerEvent = await eventIdOf(await postShopify(t, "customers/create", shopifyCustomer({ id: 7115310627314 })));
  expect((await waitForStatus(t, customerEvent, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");

  // A consumer takes the customer's write again and is slow: the customer is held...
  const customer = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", "7115310627314"));
  expect(((await customer.claim(customerEvent, "slow-consumer")) as ClaimResult).status).toBe("ready");
  // ...so the order waits for it.
  const orderEvent = await eventIdOf(await postShopify(t, "orders/create", shopifyOrder()));
  expect((await waitForStatus(t, orderEvent, ["retrying", "delivered", "dead"]))!.status).toBe("retrying");
  expect(attemptDetail((await getEvent(t, orderEvent))!)).toMatchObject({ waitingFor: "customer 7115310627314" });

  // The slow attempt fails again and records its retry: the customer is free, the order goes.
  const recorded = Date.now();
  await customer.recordRetry(customerEvent, { category: "retryable", name: null, message: "Odoo answered 503" }, 600);
  expect((await waitForStatus(t, orderEvent, ["delivered", "dead"], 10_000))!.status).toBe("delivered");
  const delivered = Date.parse((await getEvent(t, orderEvent))!.timeline!.find((e) => e.step === "delivered")!.at);
  expect(delivered - recorded).toBeLessThan(2_500);
});
