// What the stock flow watches in Odoo (provisioned rules and the poller): stock.quant in internal
// locations, fired by quantity and reservation changes, each quant belonging to its product.
import { describe, expect, it } from "vitest";
import { stockFlow } from "../../src/outbound/flows/stock";

describe("stock watches", () => {
  it.each([16, 17, 18, 19])("on Odoo %i: quants of internal locations, keyed by product", (version) => {
    const [watched, ...others] = stockFlow.watches(version);
    expect(others).toEqual([]);
    expect(watched).toMatchObject({
      model: "stock.quant",
      triggerFields: ["quantity", "reserved_quantity"],
      domain: [["location_id.usage", "=", "internal"]],
    });
    expect(watched!.fields).toContain("product_id");
    // A many2one comes as an id (webhook payloads) or [id, name] (search_read).
    expect(watched!.entityOf({ product_id: 42 })).toBe("42");
    expect(watched!.entityOf({ product_id: [42, "[MUG-RED] Mug"] })).toBe("42");
    expect(watched!.entityOf({ product_id: false })).toBeNull();
    expect(watched!.entityOf({})).toBeNull();
  });
});
