import { describe, expect, it } from "vitest";
import { OdooRpcError, startOdoo } from "./odoo-under-test";

// stock.picking._get_without_quantities_error_message per version; 16.0 first offers the
// stock.immediate.transfer wizard.
const MESSAGES: Record<string, string> = {
  "17.0": "You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities.",
  "18.0": "You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities.",
  "19.0": "Transfer trouble alert! Validating a zero quantity transfer? You're not moving invisible goods around are you?\nSet some quantities and let's get moving!",
};

async function unreservedDelivery(version: string) {
  const odoo = await startOdoo(version);
  const product = await odoo.storableProduct("EMPTY");
  const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
  const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }]);
  await odoo.rpc("sale.order", "action_confirm", [[order]]);
  const [picking] = await odoo.rpc<{ id: number; state: string }[]>("stock.picking", "search_read", [[["sale_id", "=", order]], ["state"]]);
  return { odoo, picking: picking! };
}

describe.each(Object.keys(MESSAGES))("Odoo %s", (version) => {
  it("refuses to validate a delivery with no stock reserved", async () => {
    const { odoo, picking } = await unreservedDelivery(version);
    expect(picking.state).toBe("confirmed");
    const error = await odoo.rpc("stock.picking", "button_validate", [[picking.id]]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OdooRpcError);
    expect((error as OdooRpcError).pyName).toBe("odoo.exceptions.UserError");
    expect((error as OdooRpcError).message).toBe(MESSAGES[version]);
  });
});

describe("Odoo 16.0", () => {
  it("offers the immediate transfer wizard first", async () => {
    const { odoo, picking } = await unreservedDelivery("16.0");
    const action = await odoo.rpc<{ res_model: string }>("stock.picking", "button_validate", [[picking.id]]);
    expect(action.res_model).toBe("stock.immediate.transfer");
  });
});
