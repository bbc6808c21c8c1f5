import { describe, expect, it } from "vitest";
import { WEBHOOK_VERSIONS, startOdoo, webhookReceiver } from "./odoo-under-test";

// The router's shipment flow watches stock.picking (state done, outgoing) and carrier_tracking_ref
// (odoo-outbound.md §5). Validating in two parts gives two done pickings, each posted once done.
describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("posts each outgoing picking that reaches done, with its tracking reference and order", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    const product = await odoo.storableProduct("SKU-7");
    await odoo.control("POST", "stock", { product_id: product, quantity: 10 });
    await odoo.provisionWebhookRule({
      model: "stock.picking",
      fields: ["state", "carrier_tracking_ref", "sale_id", "date_done", "backorder_id"],
      triggerFields: ["state", "carrier_tracking_ref"],
      filterDomain: "[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done')]",
      url: "https://router.test/ship",
    });
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
    const order = await odoo.rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 5 }]] }]);
    await odoo.rpc("sale.order", "action_confirm", [[order]]);
    const [picking] = await odoo.rpc<number[]>("stock.picking", "search", [[["sale_id", "=", order]]]);

    const first = await odoo.control<{ backorder_ids: number[] }>("POST", "deliveries/validate", {
      picking_id: picking, quantities: { [product]: 2 }, tracking_ref: "TRACK-1",
    });
    await odoo.control("POST", "deliveries/validate", { picking_id: first.backorder_ids[0], tracking_ref: "TRACK-2" });

    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies).toEqual([
      expect.objectContaining({ _id: picking, state: "done", carrier_tracking_ref: "TRACK-1", sale_id: order, backorder_id: false }),
      expect.objectContaining({ _id: first.backorder_ids[0], state: "done", carrier_tracking_ref: "TRACK-2", sale_id: order, backorder_id: picking }),
    ]);
  });
});
