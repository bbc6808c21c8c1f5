import { describe, expect, it } from "vitest";
import { OdooRpcError, VERSIONS, startOdoo } from "./odoo-under-test";

// stock.quant.create in inventory mode + action_apply_inventory (addons/stock/models/stock_quant.py):
// how an integration sets a count over the external API.
describe.each(VERSIONS)("Odoo %s", (version) => {
  it("reuses the quant, sets the counted quantity, and applies it", async () => {
    const odoo = await startOdoo(version);
    const product = await odoo.storableProduct("COUNT");
    const inventoryMode = { context: { inventory_mode: true } };

    const first = await odoo.rpc<number>("stock.quant", "create", [{ product_id: product, location_id: 7, inventory_quantity: 12 }], inventoryMode);
    const again = await odoo.rpc<number>("stock.quant", "create", [{ product_id: product, location_id: 7, inventory_quantity: 9 }], inventoryMode);
    expect(again).toBe(first);
    expect(await odoo.rpc("stock.quant", "read", [[first], ["quantity", "inventory_quantity", "inventory_quantity_set"]])).toEqual([
      { id: first, quantity: 0, inventory_quantity: 9, inventory_quantity_set: true },
    ]);

    await odoo.rpc("stock.quant", "action_apply_inventory", [[first]]);
    const [qty] = await odoo.rpc<Record<string, number>[]>("product.product", "read", [[product], ["qty_available"]]);
    expect(qty!.qty_available).toBe(9);

    const refused = await odoo
      .rpc("stock.quant", "create", [{ product_id: product, location_id: 7, inventory_quantity: 1, reserved_quantity: 1 }], inventoryMode)
      .catch((e: unknown) => e);
    expect((refused as OdooRpcError).message).toBe("Quant's creation is restricted, you can't do this operation.");
  });
});
