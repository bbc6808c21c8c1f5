import { describe, expect, it } from "vitest";
import { shipmentFlow } from "../../src/outbound/flows/shipment";
import { OUTBOUND_FLOW_MODULES } from "../../src/outbound/flows";

describe("the shipment flow watches done outgoing pickings on every version", () => {
  it.each([16, 17, 18, 19])("Odoo %i: stock.picking, on state and tracking ref, keyed by the picking id", (version) => {
    const [watch, ...more] = shipmentFlow.watches(version);
    expect(more).toEqual([]);
    expect(watch).toMatchObject({
      model: "stock.picking",
      triggerFields: ["state", "carrier_tracking_ref"],
      domain: [["picking_type_code", "=", "outgoing"], ["state", "=", "done"]],
    });
    expect(watch!.fields).toEqual(expect.arrayContaining(["id", "write_date"]));
    expect(watch!.entityOf({ id: 42, state: "done" })).toBe("42");
    expect(watch!.entityOf({ id: false })).toBeNull();
  });

  it("is registered under its routing name", () => {
    expect(OUTBOUND_FLOW_MODULES.shipment).toBe(shipmentFlow);
  });
});
