import { expect, it } from "vitest";
import { call, ADMIN_TOKEN, createTenant, getEvent, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a payment waiting for its order is dead with a dependency error as soon as the order's write is dead", async () => {
  // A backoff of a minute: a payment retried by its timer would still be retrying at the end.
  const t = await createTenant({ delivery: { retry: { baseSeconds: 60 } } });
  const paymentEvent = await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction()));
  const waiting = await waitForStatus(t, paymentEvent, ["retrying", "delivered", "dead"]);
  expect(waiting.status).toBe("retrying");

  // Odoo refuses the order: its write is dead (a validation error is never retried).
  await injectOdooFaults(t, [{ kind: "validation", model: "sale.order", method: "create", message: "The order has no valid customer" }]);
  const orderEvent = await eventIdOf(await postShopify(t, "orders/create", shopifyOrder()));
  const order = await waitForStatus(t, orderEvent, ["delivered", "dead"]);
  expect(order.status).toBe("dead");

  const payment = await waitForStatus(t, paymentEvent, ["dead", "delivered"], 10_000);
  expect(payment.status).toBe("dead");
  expect(payment.error?.message).toMatch(/^dependency order 5820982911946 is dead: /);
  expect(payment.error?.message).toContain(order.error!.message);
  // It is listed as a dependency problem (dead, so replayable once the order is fixed).
  const listed = await call(`/v1/tenants/${t.tenant}/events?status=dead&errorClass=dependency`, { token: ADMIN_TOKEN });
  const { items } = (await listed.json()) as { items: { id: string }[] };
  expect(items.map((e) => e.id)).toEqual([paymentEvent]);
  // Released by the order's object, not by another attempt of its own.
  expect(await getEvent(t, paymentEvent)).toMatchObject({ attempts: 1, errorClass: "dependency" });
});
