/**
 * A refund's first attempt makes its credit note and pays it back without searching for them
 * (nothing can have made them yet). When Odoo commits but its answer is lost, the next attempt
 * searches by the refund's marker and memo, so it finishes what was made instead of making it again.
 */
import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyRefund, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it.each([
  { lost: "account.move.reversal refund_moves (the credit note is a draft in Odoo)", model: "account.move.reversal", method: "refund_moves" },
  { lost: "account.payment.register action_create_payments (the money sent back is in Odoo)", model: "account.payment.register", method: "action_create_payments" },
])("a whole refund whose $lost answer was lost is one credit note and one payment back", async ({ model, method }) => {
  const t = await createTenant();
  await putRouting(t, { orderInvoicing: "on_payment" });
  for (const [topic, payload] of [["orders/create", shopifyOrder()], ["order_transactions/create", shopifyTransaction()]] as const) {
    const event = await waitForStatus(t, await eventIdOf(await postShopify(t, topic, payload)), ["delivered", "dead"], 20_000);
    expect(event.status, JSON.stringify(event.error)).toBe("delivered");
  }
  await injectOdooFaults(t, [{ kind: "lost_response", model, method, times: 1 }]);

  const refund = await waitForStatus(t, await eventIdOf(await postShopify(t, "refunds/create", shopifyRefund())), ["delivered", "dead"], 30_000);
  expect(refund.status, JSON.stringify(refund.error)).toBe("delivered");
  expect(refund.attempts).toBe(2);
  const notes = (await odooSearchRead<{ move_type: string; state: string; amount_total: number; amount_residual: number }>(t, "account.move", ["move_type", "state", "amount_total", "amount_residual"]))
    .filter((m) => m.move_type === "out_refund");
  expect(notes).toEqual([expect.objectContaining({ state: "posted", amount_total: 41.1, amount_residual: 0 })]);
  const sentBack = (await odooSearchRead<{ payment_type: string; amount: number }>(t, "account.payment", ["payment_type", "amount"])).filter((p) => p.payment_type === "outbound");
  expect(sentBack).toEqual([expect.objectContaining({ amount: 41.1 })]);
});
