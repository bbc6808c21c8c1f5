import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a payment arriving before its order waits for it, then (orders not invoiced by the router) is recorded on the customer's account", async () => {
  const t = await createTenant();
  const paymentId = await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction()));
  await expect.poll(async () => (await waitForStatus(t, paymentId, ["retrying", "delivered", "dead"])).status, { timeout: 10_000 }).toBe("retrying");
  expect((await waitForStatus(t, paymentId, ["retrying"])).error?.message).toContain("waits for order 5820982911946");

  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"])).status).toBe("delivered");
  const payment = await waitForStatus(t, paymentId, ["delivered", "dead"], 20_000);
  expect(payment.status).toBe("delivered");

  // No invoice is made by the router: the payment is an outstanding credit of the order's customer.
  expect(await odooSearchRead(t, "account.move", ["id"])).toHaveLength(0);
  const [received] = await odooSearchRead<{ memo: string; amount: number; state: string; partner_id: [number, string]; is_reconciled: boolean }>(
    t,
    "account.payment",
    ["memo", "amount", "state", "partner_id", "is_reconciled"],
  );
  expect(received).toMatchObject({ memo: "shop:389404469", amount: 41.1, state: "in_process", is_reconciled: false });
  expect(received!.partner_id[1]).toBe("Jane Roe");
});
