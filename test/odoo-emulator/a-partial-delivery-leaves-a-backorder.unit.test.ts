import { describe, expect, it } from "vitest";
import { VERSIONS, startOdoo } from "./odoo-under-test";

// stock.picking.button_validate: less done than demanded -> the "Create Backorder?" wizard
// (stock.backorder.confirmation); `process` validates what was done and moves the rest to a new
// picking whose backorder_id is the first. Done quantity: stock.move.quantity_done (16.0),
// stock.move.quantity + picked (17.0+).
async function orderOfFive(version: string) {
  const odoo = await startOdoo(version);
  const product = await odoo.storableProduct("SKU-9");
  await odoo.control("POST", "stock", { product_id: product, quantity: 20 });
  const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
  const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 5 }]] }]);
  await odoo.rpc("sale.order", "action_confirm", [[order]]);
  const [picking] = await odoo.rpc<{ id: number; move_ids: number[] }[]>("stock.picking", "search_read", [[["sale_id", "=", order]], ["move_ids"]]);
  return { odoo, product, order, picking: picking! };
}

describe.each(VERSIONS)("Odoo %s", (version) => {
  it("asks for a backorder over RPC, then ships 2 of 5 and leaves 3 in a backorder", async () => {
    const { odoo, product, order, picking } = await orderOfFive(version);
    const doneField = version === "16.0" ? "quantity_done" : "quantity";
    await odoo.rpc("stock.move", "write", [picking.move_ids, { [doneField]: 2 }]);
    await odoo.rpc("stock.picking", "write", [[picking.id], { carrier_tracking_ref: "1Z999AA10123456784" }]);

    const action = await odoo.rpc<{ res_model: string; context: Record<string, unknown> }>("stock.picking", "button_validate", [[picking.id]]);
    expect(action.res_model).toBe("stock.backorder.confirmation");
    const wizard = await odoo.rpc<number>("stock.backorder.confirmation", "create", [{}], { context: action.context });
    await odoo.rpc("stock.backorder.confirmation", "process", [[wizard]]);

    const pickings = await odoo.rpc<Record<string, unknown>[]>("stock.picking", "search_read", [
      [["sale_id", "=", order]],
      ["state", "backorder_id", "carrier_tracking_ref", "date_done"],
    ], { order: "id asc" });
    expect(pickings).toHaveLength(2);
    expect(pickings[0]).toMatchObject({ id: picking.id, state: "done", carrier_tracking_ref: "1Z999AA10123456784" });
    expect(pickings[0]!.date_done).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(pickings[1]).toMatchObject({ state: "assigned", backorder_id: [picking.id, expect.any(String)], carrier_tracking_ref: false });
    const moves = await odoo.rpc<Record<string, unknown>[]>("stock.move", "search_read", [[["product_id", "=", product]], ["picking_id", "product_uom_qty", "state"]], { order: "id asc" });
    expect(moves.map((m) => [m.product_uom_qty, m.state])).toEqual([[2, "done"], [3, "assigned"]]);
    const [line] = await odoo.rpc<{ qty_delivered: number }[]>("sale.order.line", "search_read", [[["order_id", "=", order]], ["qty_delivered"]]);
    expect(line!.qty_delivered).toBe(2);
    const [qty] = await odoo.rpc<Record<string, number>[]>("product.product", "read", [[product], ["qty_available", "free_qty"]]);
    expect(qty).toMatchObject({ qty_available: 18, free_qty: 15 });
  });

  it("cancels the rest instead when told not to keep a backorder", async () => {
    const { odoo, product, order, picking } = await orderOfFive(version);

    const result = await odoo.control<{ state: string; backorder_ids: number[] }>("POST", "deliveries/validate", {
      picking_id: picking.id, quantities: { [product]: 4 }, backorder: false,
    });

    expect(result).toMatchObject({ state: "done", backorder_ids: [] });
    const moves = await odoo.rpc<Record<string, unknown>[]>("stock.move", "search_read", [[["product_id", "=", product]], ["state"]]);
    expect(moves.map((m) => m.state)).toEqual(["done"]);
    const [line] = await odoo.rpc<{ qty_delivered: number }[]>("sale.order.line", "search_read", [[["order_id", "=", order]], ["qty_delivered"]]);
    expect(line!.qty_delivered).toBe(4);
  });
});
