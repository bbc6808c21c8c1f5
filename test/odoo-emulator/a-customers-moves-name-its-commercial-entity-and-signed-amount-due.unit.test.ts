import { describe, expect, it } from "vitest";
import { VERSIONS, startOdoo } from "./odoo-under-test";

// account.move.commercial_partner_id (stored related) and amount_residual_signed (company
// currency, credit notes negative); res.partner.credit_limit / use_partner_credit_limit
// (accounting groups); sale.order.opportunity_id (sale_crm). Read by the way back's
// invoiceStatus and accountStatus flows (16.0-19.0).
describe.each(VERSIONS)("Odoo %s", (version) => {
  it("a contact's invoices and credit notes name its company and their signed amount due in the company currency", async () => {
    const odoo = await startOdoo(version);
    const company = await odoo.rpc<number>("res.partner", "create", [{ name: "Acme", is_company: true, credit_limit: 500 }]);
    const contact = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob", parent_id: company }]);
    const [eur] = await odoo.rpc<number[]>("res.currency", "search", [[["name", "=", "EUR"]]]);
    const move = async (moveType: string, price: number, currency?: number) => {
      const id = await odoo.rpc<number>("account.move", "create", [
        { move_type: moveType, partner_id: contact, ...(currency ? { currency_id: currency } : {}), invoice_line_ids: [[0, 0, { name: "x", quantity: 1, price_unit: price }]] },
      ]);
      await odoo.rpc("account.move", "action_post", [[id]]);
      return id;
    };
    await move("out_invoice", 100);
    await move("out_invoice", 90, eur);
    await move("out_refund", 30);
    const rows = await odoo.rpc<{ move_type: string; commercial_partner_id: [number, string]; amount_residual: number; amount_residual_signed: number; company_currency_id: [number, string] }[]>(
      "account.move", "search_read", [[["commercial_partner_id", "=", company], ["state", "=", "posted"]]],
      { fields: ["move_type", "commercial_partner_id", "amount_residual", "amount_residual_signed", "company_currency_id"], order: "id asc" },
    );
    expect(rows.map((r) => [r.move_type, r.commercial_partner_id[0], r.amount_residual, r.amount_residual_signed, r.company_currency_id[1]])).toEqual([
      ["out_invoice", company, 100, 100, "USD"],
      // 90 EUR at 0.9 EUR per USD.
      ["out_invoice", company, 90, 100, "USD"],
      ["out_refund", company, 30, -30, "USD"],
    ]);
    const [partner] = await odoo.rpc<{ credit_limit: number; use_partner_credit_limit: boolean }[]>("res.partner", "read", [[company], ["credit_limit", "use_partner_credit_limit"]]);
    expect(partner).toMatchObject({ credit_limit: 500, use_partner_credit_limit: true });
  });

  it("credit_limit (res.partner) and opportunity_id (sale.order) are fields of their models", async () => {
    const fields = await fieldsOf(version);
    expect(fields.credit_limit).toMatchObject({ type: "float" });
    expect(fields.opportunity_id).toMatchObject({ type: "many2one", relation: "crm.lead" });
  });
});

async function fieldsOf(version: string) {
  const odoo = await startOdoo(version);
  const partner = await odoo.rpc<Record<string, unknown>>("res.partner", "fields_get", [["credit_limit"]], { attributes: ["type"] });
  const order = await odoo.rpc<Record<string, unknown>>("sale.order", "fields_get", [["opportunity_id"]], { attributes: ["type", "relation"] });
  return { ...partner, ...order } as Record<string, Record<string, unknown>>;
}
