import { describe, expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyRefund, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

interface Move {
  id: number;
  move_type: string;
  state: string;
  payment_state: string;
  amount_total: number;
  amount_residual: number;
  invoice_origin: string | false;
  ref: string | false;
  reversed_entry_id: [number, string] | false;
}
const MOVE_FIELDS = ["move_type", "state", "payment_state", "amount_total", "amount_residual", "invoice_origin", "ref", "reversed_entry_id"];

// Odoo 17 keeps a payment's memo in `ref` and posts it as "posted"; 18+ has `memo` and "in_process".
describe.each([
  { odooVersion: "17.0", protocol: "jsonrpc" as const, memo: "ref", postedState: "posted" },
  { odooVersion: "19.0", protocol: "json2" as const, memo: "memo", postedState: "in_process" },
])("Odoo $odooVersion over $protocol", ({ odooVersion, protocol, memo, postedState }) => {
  it("a payment of an order invoices it (orderInvoicing on_payment) and settles the invoice; its refund is a posted credit note with the money sent back", async () => {
    const t = await createTenant({ odooVersion, protocol });
    await putRouting(t, { orderInvoicing: "on_payment" });
    const order = await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"]);
    expect(order.status).toBe("delivered");

    const payment = await waitForStatus(t, await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction())), ["delivered", "dead"], 20_000);
    expect(payment.status, JSON.stringify(payment.error)).toBe("delivered");
    const [invoice, ...others] = await odooSearchRead<Move>(t, "account.move", MOVE_FIELDS);
    expect(others).toHaveLength(0);
    expect(invoice).toMatchObject({ move_type: "out_invoice", state: "posted", payment_state: "in_payment", amount_total: 41.1, amount_residual: 0 });
    expect(invoice!.invoice_origin).toMatch(/^S\d{5}$/);
    const [received] = await odooSearchRead<Record<string, unknown>>(t, "account.payment", [memo, "amount", "state", "payment_type", "reconciled_invoice_ids"]);
    expect(received).toMatchObject({ [memo]: "shop:389404469", amount: 41.1, state: postedState, payment_type: "inbound", reconciled_invoice_ids: [invoice!.id] });
    expect(payment.odoo).toMatchObject({ model: "account.payment", id: received!.id });
    const [saleOrder] = await odooSearchRead<{ state: string; invoice_status: string }>(t, "sale.order", ["state", "invoice_status"]);
    expect(saleOrder).toMatchObject({ state: "sale", invoice_status: "invoiced" });

    const refund = await waitForStatus(t, await eventIdOf(await postShopify(t, "refunds/create", shopifyRefund())), ["delivered", "dead"], 20_000);
    expect(refund.status, JSON.stringify(refund.error)).toBe("delivered");
    const notes = (await odooSearchRead<Move>(t, "account.move", MOVE_FIELDS)).filter((m) => m.move_type === "out_refund");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ state: "posted", amount_total: 41.1, amount_residual: 0 });
    expect(notes[0]!.reversed_entry_id && notes[0]!.reversed_entry_id[0]).toBe(invoice!.id);
    expect(notes[0]!.ref).toContain("[shop:509562969] Arrived damaged");
    const sentBack = (await odooSearchRead<Record<string, unknown>>(t, "account.payment", ["payment_type", "amount", "reconciled_invoice_ids"]))
      .filter((p) => p.payment_type === "outbound");
    expect(sentBack).toEqual([expect.objectContaining({ amount: 41.1, reconciled_invoice_ids: [notes[0]!.id] })]);
  });
});
