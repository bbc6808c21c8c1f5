import { describe, expect, it } from "vitest";
import { WEBHOOK_VERSIONS, startOdoo, webhookReceiver } from "./odoo-under-test";

// account.move.payment_state and amount_residual are stored computed fields: base_automation's
// `_compute_field_value` patch runs write rules when a reconciliation recomputes them
// (not_paid -> partial -> in_payment here: payments are never matched with a bank statement).
describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("posts the invoice each time a registered payment changes its payment state", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({
      model: "account.move",
      fields: ["payment_state", "amount_residual", "invoice_origin"],
      triggerFields: ["payment_state", "amount_residual"],
      filterDomain: "[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
      url: "https://router.test/invoices",
    });
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
    const invoice = await odoo.rpc<number>("account.move", "create", [
      { move_type: "out_invoice", partner_id: partner, journal_id: 1, invoice_origin: "S00042", invoice_line_ids: [[0, 0, { name: "Service", quantity: 1, price_unit: 100 }]] },
    ]);
    await odoo.rpc("account.move", "action_post", [[invoice]]);
    receiver.received.length = 0;

    const first = await odoo.control<{ payment_state: string }>("POST", "payments", { invoice_id: invoice, amount: 40 });
    const second = await odoo.control<{ payment_state: string }>("POST", "payments", { invoice_id: invoice });

    expect([first.payment_state, second.payment_state]).toEqual(["partial", "in_payment"]);
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies).toEqual([
      expect.objectContaining({ _id: invoice, payment_state: "partial", amount_residual: 60, invoice_origin: "S00042" }),
      expect.objectContaining({ _id: invoice, payment_state: "in_payment", amount_residual: 0 }),
    ]);
    expect(receiver.received[1]!.body).toContain('"amount_residual": 0.0');
  });
});
