import { describe, expect, it } from "vitest";
import { shopifyStep, trackingNumbers, trackingUrl, type Delivery } from "../../src/outbound/flows/shipment-plan";

describe("tracking is read as Odoo keeps it", () => {
  it("carrier_tracking_ref is split on commas (send_to_shipper appends \",<number>\")", () => {
    expect(trackingNumbers("JD1, JD2,,JD1")).toEqual(["JD1", "JD2"]);
    expect(trackingNumbers(false)).toEqual([]);
  });

  it("carrier_tracking_url is a URL or a JSON list of [name, url] pairs", () => {
    expect(trackingUrl("https://track.example/JD1")).toBe("https://track.example/JD1");
    expect(trackingUrl('[["JD1", "https://track.example/JD1"], ["JD2", "https://track.example/JD2"]]')).toBe("https://track.example/JD1");
    expect(trackingUrl(false)).toBeNull();
    expect(trackingUrl("not a url")).toBeNull();
  });

  it("a tracking number set later updates the recorded fulfilment; the same tracking does nothing", () => {
    const delivery: Delivery = {
      pickingId: 7, name: "WH/OUT/00007", saleOrderId: 3, lines: [{ productId: 1, sku: "MUG", quantity: 1 }],
      tracking: { company: "DHL", numbers: ["JD9"], url: null }, orderFullyDelivered: true,
    };
    const recorded = { fulfillmentId: "F1", lines: { L1: 1 }, tracking: { company: "DHL", numbers: [], url: null } };
    expect(shopifyStep(delivery, recorded, [])).toEqual({ action: "updateTracking", fulfillmentId: "F1" });
    expect(shopifyStep(delivery, { ...recorded, tracking: delivery.tracking }, []).action).toBe("none");
    // A number removed in Odoo is not "updated" to nothing at the provider.
    expect(shopifyStep({ ...delivery, tracking: { company: "DHL", numbers: [], url: null } }, { ...recorded, tracking: delivery.tracking }, []).action).toBe("none");
  });
});
