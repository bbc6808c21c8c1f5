import { describe, expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

// sale.order.line's taxes are `tax_id` up to Odoo 18 and `tax_ids` from 19.
describe.each([
  { odooVersion: "17.0", taxField: "tax_id" },
  { odooVersion: "19.0", taxField: "tax_ids" },
])("Odoo $odooVersion", ({ odooVersion, taxField }) => {
  it("the routing's lineTaxIds are set on every order line instead of Odoo's computed taxes", async () => {
    const t = await createTenant({ odooVersion });
    await putRouting(t, { lineTaxIds: [1] });
    const posted = await postShopify(t, "orders/create", shopifyOrder());
    const order = await waitForStatus(t, ((await posted.json()) as { eventId: string }).eventId, ["delivered", "dead"]);
    expect(order.status, JSON.stringify(order.error)).toBe("delivered");

    const lines = await odooSearchRead<Record<string, unknown>>(t, "sale.order.line", [taxField]);
    expect(lines.map((l) => l[taxField])).toEqual([[1], [1]]);
    const [saleOrder] = await odooSearchRead<{ amount_untaxed: number; amount_tax: number }>(t, "sale.order", ["amount_untaxed", "amount_tax"]);
    expect(saleOrder).toEqual(expect.objectContaining({ amount_untaxed: 41.1, amount_tax: 6.17 }));
  });
});
