import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a payment whose creation answer was lost (a draft in Odoo) is posted by the retry, not left as a draft nor made twice", async () => {
  const t = await createTenant(); // not invoiced on payment: the payment is created on the customer's account
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"])).status).toBe("delivered");
  await injectOdooFaults(t, [{ kind: "lost_response", model: "account.payment", method: "create", times: 1 }]);

  const payment = await waitForStatus(t, await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction())), ["delivered", "dead"], 20_000);
  expect(payment.status).toBe("delivered");
  expect(payment.attempts).toBe(2);
  const payments = await odooSearchRead<{ memo: string; state: string }>(t, "account.payment", ["memo", "state"]);
  expect(payments).toEqual([expect.objectContaining({ memo: "shop:389404469", state: "in_process" })]);
});
