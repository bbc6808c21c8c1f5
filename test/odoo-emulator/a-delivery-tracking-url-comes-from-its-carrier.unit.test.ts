import { describe, expect, it } from "vitest";
import { VERSIONS, startOdoo } from "./odoo-under-test";

// stock_delivery (17+) / delivery (16): stock.picking.carrier_tracking_url is computed, not stored
// (_compute_carrier_tracking_url -> carrier_id.get_tracking_link(picking), only when the picking has
// both a carrier and a tracking ref); a fixed/rule carrier puts the ref into its "Tracking Link"
// (delivery.carrier.tracking_url) at <shipmenttrackingnumber>.
describe.each(VERSIONS)("Odoo %s", (version) => {
  it("reads the tracking URL from the carrier's tracking link and the picking's ref", async () => {
    const odoo = await startOdoo(version);
    const template = await odoo.rpc<number>("product.template", "create", [{ name: "Shipping", type: "service" }]);
    const [service] = await odoo.rpc<{ product_variant_id: [number, string] }[]>("product.template", "read", [[template], ["product_variant_id"]]);
    const carrier = await odoo.rpc<number>("delivery.carrier", "create", [
      { name: "DHL", product_id: service!.product_variant_id[0], tracking_url: "https://dhl.example/track?id=<shipmenttrackingnumber>" },
    ]);
    const [outgoing] = await odoo.rpc<number[]>("stock.picking.type", "search", [[["code", "=", "outgoing"]]]);
    const [type] = await odoo.rpc<{ default_location_src_id: [number, string]; default_location_dest_id: [number, string] }[]>("stock.picking.type", "read", [[outgoing], ["default_location_src_id", "default_location_dest_id"]]);
    const picking = await odoo.rpc<number>("stock.picking", "create", [
      { picking_type_id: outgoing, location_id: type!.default_location_src_id[0], location_dest_id: type!.default_location_dest_id[0], carrier_id: carrier },
    ]);
    const read = async () => (await odoo.rpc<{ carrier_tracking_url: string | false }[]>("stock.picking", "read", [[picking], ["carrier_tracking_url"]]))[0]!.carrier_tracking_url;

    expect(await read()).toBe(false);
    await odoo.rpc("stock.picking", "write", [[picking], { carrier_tracking_ref: "JD0001" }]);
    expect(await read()).toBe("https://dhl.example/track?id=JD0001");
    // Not stored: it cannot be written.
    const fields = await odoo.rpc<Record<string, { store: boolean; readonly: boolean }>>("stock.picking", "fields_get", [["carrier_tracking_url"]], { attributes: ["store", "readonly"] });
    expect(fields.carrier_tracking_url).toMatchObject({ store: false, readonly: true });
  });
});
