import { describe, expect, it } from "vitest";
import { OdooRpcError, startOdoo } from "./odoo-under-test";

// 17.0/18.0 ir.actions.server._check_webhook_field_ids: res.partner.credit carries
// groups='account.group_account_invoice,account.group_account_readonly', so a webhook action
// cannot send it (read it over RPC instead).
describe.each(["17.0", "18.0"])("Odoo %s", (version) => {
  it("refuses a webhook action that would send res.partner.credit", async () => {
    const odoo = await startOdoo(version);
    const error = await odoo
      .provisionWebhookRule({ name: "router:account", model: "res.partner", fields: ["email", "credit"], url: "https://router.test/a" })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OdooRpcError);
    expect((error as OdooRpcError).pyName).toBe("odoo.exceptions.ValidationError");
    expect((error as OdooRpcError).message).toBe(
      "Group-restricted fields cannot be included in webhook payloads, as it could allow any user to accidentally leak " +
        "sensitive information. You will have to remove the following fields from the webhook payload in the following " +
        "actions:\n router webhook: Total Receivable",
    );
    expect(await odoo.rpc("base.automation", "search_count", [[]])).toBe(0);
  });

  it("still answers credit over RPC: what the customer owes on posted invoices", async () => {
    const odoo = await startOdoo(version);
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Acme", is_company: true }]);
    const invoice = await odoo.rpc<number>("account.move", "create", [
      { move_type: "out_invoice", partner_id: partner, journal_id: 1, invoice_line_ids: [[0, 0, { name: "x", quantity: 2, price_unit: 50 }]] },
    ]);
    await odoo.rpc("account.move", "action_post", [[invoice]]);
    await odoo.control("POST", "payments", { invoice_id: invoice, amount: 30 });
    expect(await odoo.rpc("res.partner", "read", [[partner], ["credit"]])).toEqual([{ id: partner, credit: 70 }]);
  });
});
