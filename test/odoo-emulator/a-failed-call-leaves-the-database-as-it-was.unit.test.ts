import { expect, it } from "vitest";
import { startOdoo } from "./odoo-under-test";

// The emulator rolls a failed call back through an undo journal (scripts/odoo-emulator/undo-journal.mjs),
// not by copying its database: everything the call changed before it failed must be put back —
// rows it created, fields it wrote on existing rows, lines its x2many commands added or removed.
it("a call that fails halfway leaves no row, field or line of it behind", async () => {
  const odoo = await startOdoo("18.0");
  const [product] = await odoo.rpc<number[]>("product.product", "create", [[{ name: "Mug" }]]);
  const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Ada", email: "ada@example.test" }]);
  const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 2 }]] }]);
  const before = {
    partners: await odoo.rpc("res.partner", "search_read", [[]], { fields: ["name", "email"], order: "id" }),
    order: await odoo.rpc("sale.order", "read", [[order], ["partner_id", "order_line", "client_order_ref"]]),
    lines: await odoo.rpc("sale.order.line", "search_read", [[]], { fields: ["product_uom_qty", "order_id"] }),
  };

  // A create of two partners whose second one is refused: the first is not kept.
  await expect(odoo.rpc("res.partner", "create", [[{ name: "Kept?" }, { name: "Bad", no_such_field: 1 }]])).rejects.toThrow(/Invalid field/);
  // A write that changes the order's reference and partner, replaces its line and then refuses a
  // second new line (unknown product): none of it stays.
  await expect(
    odoo.rpc("sale.order", "write", [
      [order],
      {
        client_order_ref: "changed",
        partner_id: partner,
        order_line: [[5, 0, 0], [0, 0, { product_id: product, product_uom_qty: 7 }], [0, 0, { product_id: 999_999, product_uom_qty: 1 }]],
      },
    ]),
  ).rejects.toThrow();
  // A write on a record that exists and one that does not: the existing one is not changed.
  await expect(odoo.rpc("res.partner", "write", [[partner, 999_999], { name: "Renamed" }])).rejects.toThrow(/does not exist/);

  expect(await odoo.rpc("res.partner", "search_read", [[]], { fields: ["name", "email"], order: "id" })).toEqual(before.partners);
  expect(await odoo.rpc("sale.order", "read", [[order], ["partner_id", "order_line", "client_order_ref"]])).toEqual(before.order);
  expect(await odoo.rpc("sale.order.line", "search_read", [[]], { fields: ["product_uom_qty", "order_id"] })).toEqual(before.lines);

  // And what a later call writes is kept.
  await odoo.rpc("sale.order", "write", [[order], { client_order_ref: "PO-1" }]);
  expect(await odoo.rpc("sale.order", "read", [[order], ["client_order_ref"]])).toEqual([{ id: order, client_order_ref: "PO-1" }]);
});
