import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a payment registration whose response was lost after Odoo committed it is not registered twice", async () => {
  const t = await createTenant();
  await putRouting(t, { orderInvoicing: "on_payment" });
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"])).status).toBe("delivered");
  await injectOdooFaults(t, [
    { kind: "lost_response", model: "account.payment.register", method: "action_create_payments", times: 1 },
    { kind: "lost_response", model: "sale.advance.payment.inv", method: "create_invoices", times: 1 },
  ]);

  const payment = await waitForStatus(t, await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction())), ["delivered", "dead"], 30_000);
  expect(payment.status).toBe("delivered");
  expect(payment.attempts).toBe(3);
  expect(await odooSearchRead(t, "account.payment", ["id"])).toHaveLength(1);
  const invoices = await odooSearchRead<{ amount_residual: number; payment_state: string }>(t, "account.move", ["amount_residual", "payment_state"]);
  expect(invoices).toEqual([expect.objectContaining({ amount_residual: 0, payment_state: "in_payment" })]);
});
