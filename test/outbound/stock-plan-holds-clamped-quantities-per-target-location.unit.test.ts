// The stock flow's pure decision (src/outbound/flows/stock-plan.ts): what each target should hold,
// per provider location, from Odoo's quantities per warehouse.
import { describe, expect, it } from "vitest";
import { outboundRoutingSchema } from "../../src/outbound/flow";
import { clampQuantity, planStock, warehousesToRead } from "../../src/outbound/flows/stock-plan";

const config = (stock: Record<string, unknown>) => outboundRoutingSchema.parse({ stock }).stock!;
const shop = { sourceId: "shop", provider: "shopify" };
const pos = { sourceId: "pos", provider: "square" };
const woo = { sourceId: "woo", provider: "woocommerce" };

describe("stock plan", () => {
  it("clamps negatives to 0 and rounds fractions down", () => {
    expect(clampQuantity(-3)).toBe(0);
    expect(clampQuantity(2.5)).toBe(2);
    expect(clampQuantity(2.9999999999)).toBe(3);
    expect(clampQuantity(7)).toBe(7);
    expect(clampQuantity(Number.NaN)).toBe(0);
  });

  it("maps each warehouse to the location named for every target or for one target", () => {
    const c = config({
      to: ["shop", "pos"],
      locations: { WH: "gid://shopify/Location/1", WH2: { shop: "gid://shopify/Location/2", pos: "L-POS" } },
    });
    const plans = planStock(c, [shop, pos], { byWarehouse: { WH: 7, WH2: -4 }, all: null });
    expect(plans).toEqual([
      { sourceId: "shop", provider: "shopify", status: "hold", locationId: "gid://shopify/Location/1", quantity: 7, warehouses: ["WH"] },
      { sourceId: "shop", provider: "shopify", status: "hold", locationId: "gid://shopify/Location/2", quantity: 0, warehouses: ["WH2"] },
      // A string value is every target's: the Square target gets it too (its id is then checked by Square).
      { sourceId: "pos", provider: "square", status: "hold", locationId: "gid://shopify/Location/1", quantity: 7, warehouses: ["WH"] },
      { sourceId: "pos", provider: "square", status: "hold", locationId: "L-POS", quantity: 0, warehouses: ["WH2"] },
    ]);
  });

  it("adds up warehouses mapped to one location, each clamped first", () => {
    const c = config({ to: ["shop"], locations: { WH: "1", WH2: "1" } });
    const [plan] = planStock(c, [shop], { byWarehouse: { WH: 5, WH2: -2 }, all: null });
    expect(plan).toMatchObject({ status: "hold", locationId: "1", quantity: 5, warehouses: ["WH", "WH2"] });
  });

  it("gives WooCommerce the sum of its mapped warehouses, or of all warehouses when none is mapped", () => {
    const mapped = config({ to: ["woo"], locations: { WH: { woo: "any" }, WH2: "x" } });
    expect(planStock(mapped, [woo], { byWarehouse: { WH: 3, WH2: 4 }, all: 100 })).toEqual([
      { sourceId: "woo", provider: "woocommerce", status: "hold", locationId: null, quantity: 7, warehouses: ["WH", "WH2"] },
    ]);
    const unmapped = config({ to: ["woo", "shop"], locations: { WH: { shop: "1" } } });
    expect(warehousesToRead(unmapped, [woo, shop])).toEqual({ codes: ["WH"], all: true });
    expect(planStock(unmapped, [woo], { byWarehouse: { WH: 3 }, all: 9.5 })).toEqual([
      { sourceId: "woo", provider: "woocommerce", status: "hold", locationId: null, quantity: 9, warehouses: ["*"] },
    ]);
    expect(warehousesToRead(config({ to: ["shop"], locations: { WH: "1" } }), [shop])).toEqual({ codes: ["WH"], all: false });
  });

  it("reports a target without a location, an unknown warehouse code and a provider without stock", () => {
    const c = config({ to: ["shop", "pos", "crm"], locations: { WH: { shop: "1" }, NOPE: { shop: "2" } } });
    const plans = planStock(c, [shop, pos, { sourceId: "crm", provider: "hubspot" }], { byWarehouse: { WH: 1, NOPE: null }, all: null });
    expect(plans.filter((p) => p.status === "skipped").map((p) => [p.sourceId, p.status === "skipped" && p.reason])).toEqual([
      ["shop", 'warehouse "NOPE" of outbound.stock.locations is not an Odoo warehouse code'],
      ["pos", 'no warehouse of outbound.stock.locations maps to a location of source "pos"'],
      ["crm", "stock is written to Shopify, WooCommerce and Square, not to hubspot"],
    ]);
    expect(plans.filter((p) => p.status === "hold")).toEqual([
      { sourceId: "shop", provider: "shopify", status: "hold", locationId: "1", quantity: 1, warehouses: ["WH"] },
    ]);
  });
});
