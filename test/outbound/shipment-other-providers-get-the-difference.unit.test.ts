import { describe, expect, it } from "vitest";
import { deliveryNote, missingTrackers, paypalCarrier, squareStep, wooStep, type Delivery } from "../../src/outbound/flows/shipment-plan";

const delivery = (fully: boolean, numbers: string[] = ["JD1"]): Delivery => ({
  pickingId: 7, name: "WH/OUT/00007", saleOrderId: 3, lines: [{ productId: 1, sku: "MUG", quantity: 1 }],
  tracking: { company: "DHL Express", numbers, url: "https://track.example/JD1" }, orderFullyDelivered: fully,
});

describe("WooCommerce, Square and PayPal get only what they do not hold", () => {
  it("WooCommerce: completed only once the whole order left, and never twice; the note once", () => {
    expect(wooStep(delivery(false), { status: "processing" }, []).complete).toBe(false);
    expect(wooStep(delivery(true), { status: "processing" }, []).complete).toBe(true);
    expect(wooStep(delivery(true), { status: "completed" }, []).complete).toBe(false);
    const note = deliveryNote(delivery(true))!;
    expect(note).toBe("Shipped (WH/OUT/00007) via DHL Express: tracking JD1\nhttps://track.example/JD1");
    expect(wooStep(delivery(true), { status: "processing" }, [note]).note).toBeNull();
    // As WordPress may store it (escaped, reformatted), still this delivery's note.
    expect(wooStep(delivery(true), { status: "processing" }, ["<p>Shipped (WH/OUT/00007) via DHL Express: tracking JD1<br />\nhttps://track.example/JD1</p>"]).note).toBeNull();
    // A number added later in Odoo is a new note.
    expect(wooStep(delivery(true, ["JD1", "JD2"]), { status: "processing" }, [note]).note).toMatch(/tracking JD1, JD2/);
    expect(wooStep(delivery(true, []), { status: "processing" }, []).note).toBeNull();
  });

  it("Square: the shipment gets the tracking, COMPLETED only with the whole order", () => {
    const shipment = { uid: "F1", type: "SHIPMENT", state: "PROPOSED", trackingNumber: null };
    expect(squareStep(delivery(false), [shipment])).toEqual({ uid: "F1", state: "PROPOSED", trackingNumber: "JD1" });
    expect(squareStep(delivery(true), [shipment])).toEqual({ uid: "F1", state: "COMPLETED", trackingNumber: "JD1" });
    expect(squareStep(delivery(true), [{ ...shipment, state: "COMPLETED", trackingNumber: "JD1" }])).toBeNull();
    expect(squareStep(delivery(true), [{ ...shipment, type: "PICKUP" }])).toBeNull();
  });

  it("PayPal: a tracker for each number it does not have; carriers it names by code", () => {
    expect(missingTrackers(delivery(true, ["JD1", "JD2"]).tracking, ["JD1"])).toEqual(["JD2"]);
    expect(paypalCarrier("DHL Express")).toEqual({ carrier: "DHL" });
    expect(paypalCarrier("Local courier")).toEqual({ carrier: "OTHER", carrier_name_other: "Local courier" });
  });
});
