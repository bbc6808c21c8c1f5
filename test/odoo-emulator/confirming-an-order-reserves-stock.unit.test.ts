import { describe, expect, it } from "vitest";
import { VERSIONS, startOdoo, webhookReceiver } from "./odoo-under-test";

// sale_stock: action_confirm launches the outgoing delivery and reserves it
// (stock.quant._update_reserved_quantity writes reserved_quantity through the ORM).
describe.each(VERSIONS)("Odoo %s", (version) => {
  it("creates the delivery, reserves the quants and lowers free_qty, not qty_available", async () => {
    const odoo = await startOdoo(version);
    const product = await odoo.storableProduct("SKU-1");
    await odoo.control("POST", "stock", { product_id: product, warehouse: "WH", quantity: 10 });
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
    const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 4 }]] }]);

    await odoo.rpc("sale.order", "action_confirm", [[order]]);

    const pickings = await odoo.rpc<Record<string, unknown>[]>("stock.picking", "search_read", [
      [["sale_id", "=", order]],
      ["name", "state", "picking_type_code", "origin", "move_ids"],
    ]);
    expect(pickings).toHaveLength(1);
    expect(pickings[0]).toMatchObject({ name: "WH/OUT/00001", state: "assigned", picking_type_code: "outgoing", origin: "S00001" });
    const quants = await odoo.rpc("stock.quant", "search_read", [[["product_id", "=", product], ["location_id.usage", "=", "internal"]], ["quantity", "reserved_quantity"]]);
    expect(quants).toEqual([expect.objectContaining({ quantity: 10, reserved_quantity: 4 })]);
    const warehouseKey = version === "16.0" || version === "17.0" ? "warehouse" : "warehouse_id";
    const [qty] = await odoo.rpc<Record<string, number>[]>("product.product", "read", [[product], ["qty_available", "free_qty", "virtual_available"]], {
      context: { [warehouseKey]: 1 },
    });
    expect(qty).toMatchObject({ qty_available: 10, free_qty: 6, virtual_available: 6 });
  });

  it("reserves what there is: an order larger than the stock leaves the rest waiting", async () => {
    const odoo = await startOdoo(version);
    const product = await odoo.storableProduct("SKU-2");
    await odoo.control("POST", "stock", { product_id: product, quantity: 2 });
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
    const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 5 }]] }]);

    await odoo.rpc("sale.order", "action_confirm", [[order]]);

    const [move] = await odoo.rpc<Record<string, unknown>[]>("stock.move", "search_read", [[["product_id", "=", product]], ["state", "product_uom_qty"]]);
    expect(move).toMatchObject({ state: "partially_available", product_uom_qty: 5 });
    const [qty] = await odoo.rpc<Record<string, number>[]>("product.product", "read", [[product], ["qty_available", "free_qty", "virtual_available"]]);
    expect(qty).toMatchObject({ qty_available: 2, free_qty: 0, virtual_available: -3 });
  });
});

describe.each(["17.0", "19.0"])("Odoo %s with a rule on stock.quant", (version) => {
  it("posts the quant whose reservation the confirmation changed", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    const product = await odoo.storableProduct("SKU-3");
    await odoo.control("POST", "stock", { product_id: product, quantity: 10 });
    await odoo.provisionWebhookRule({
      model: "stock.quant",
      fields: ["product_id", "location_id", "quantity", "reserved_quantity"],
      triggerFields: ["quantity", "reserved_quantity"],
      filterDomain: "[('location_id.usage', '=', 'internal')]",
      url: "https://router.test/stock",
    });
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
    const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 3 }]] }]);

    await odoo.rpc("sale.order", "action_confirm", [[order]]);

    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([
      expect.objectContaining({ _model: "stock.quant", product_id: product, quantity: 10, reserved_quantity: 3 }),
    ]);
  });
});
