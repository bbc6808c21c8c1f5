import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a second payment of an order whose invoice is already paid is recorded on the customer's account, not dropped", async () => {
  const t = await createTenant();
  await putRouting(t, { orderInvoicing: "on_payment" });
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"])).status).toBe("delivered");
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction())), ["delivered", "dead"], 20_000)).status).toBe("delivered");

  const extra = await waitForStatus(
    t,
    await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction({ id: 389404470, amount: "5.00" }))),
    ["delivered", "dead"],
    20_000,
  );
  expect(extra.status).toBe("delivered");
  const payments = await odooSearchRead<{ memo: string; amount: number; is_reconciled: boolean; partner_id: [number, string] }>(
    t,
    "account.payment",
    ["memo", "amount", "is_reconciled", "partner_id"],
  );
  expect(payments).toEqual([
    expect.objectContaining({ memo: "shop:389404469", amount: 41.1, is_reconciled: true }),
    expect.objectContaining({ memo: "shop:389404470", amount: 5, is_reconciled: false }),
  ]);
  expect(payments[1]!.partner_id[1]).toBe("Jane Roe");
  expect(await odooSearchRead(t, "account.move", ["id"])).toHaveLength(1);
});
