import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a payment of an order Odoo will not invoice (cancelled) is recorded on the customer's account with the reason, not dead-lettered", async () => {
  const t = await createTenant();
  await putRouting(t, { orderInvoicing: "on_payment" });
  const cancelled = shopifyOrder({ cancelled_at: "2026-11-20T11:00:00-05:00", updated_at: "2026-11-20T11:00:00-05:00", financial_status: "voided" });
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/cancelled", cancelled)), ["delivered", "dead"])).status).toBe("delivered");

  const payment = await waitForStatus(t, await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction())), ["delivered", "dead"], 20_000);
  expect(payment.status).toBe("delivered");
  const attempt = payment.timeline?.find((e) => e.step === "odoo_attempt")?.detail as { via: string; onAccount: boolean };
  expect(attempt.onAccount).toBe(true);
  expect(attempt.via).toContain("is cancelled in Odoo");
  expect(await odooSearchRead(t, "account.move", ["id"])).toHaveLength(0);
  const [received] = await odooSearchRead<{ amount: number; is_reconciled: boolean; partner_id: [number, string] }>(t, "account.payment", ["amount", "is_reconciled", "partner_id"]);
  expect(received).toMatchObject({ amount: 41.1, is_reconciled: false });
  expect(received!.partner_id[1]).toBe("Jane Roe");
});
