import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyRefund, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a refund of an order that was never invoiced is one outbound payment on the customer's account, even after a lost response", async () => {
  const t = await createTenant(); // orderInvoicing "never": the payment stays on the customer's account
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"])).status).toBe("delivered");
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction())), ["delivered", "dead"], 20_000)).status).toBe("delivered");

  await injectOdooFaults(t, [{ kind: "lost_response", model: "account.payment", method: "create", times: 1 }]);
  const refund = await waitForStatus(t, await eventIdOf(await postShopify(t, "refunds/create", shopifyRefund({}, "10.00"))), ["delivered", "dead"], 20_000);
  expect(refund.status).toBe("delivered");
  expect(refund.attempts).toBe(2);

  const payments = await odooSearchRead<{ memo: string; amount: number; payment_type: string; state: string; partner_id: [number, string] }>(
    t,
    "account.payment",
    ["memo", "amount", "payment_type", "state", "partner_id"],
  );
  expect(payments.filter((p) => p.payment_type === "outbound")).toEqual([
    expect.objectContaining({ memo: "shop:509562969", amount: 10, state: "in_process", partner_id: [expect.any(Number), "Jane Roe"] }),
  ]);
  expect(await odooSearchRead(t, "account.move", ["id"])).toHaveLength(0);
});
