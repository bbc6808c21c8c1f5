import { describe, expect, it } from "vitest";
import { ownFulfilment, type ExistingFulfilment, type PendingFulfilment } from "../../src/outbound/flows/shipment-plan";

const f = (id: string, lines: Record<string, number>, trackingNumbers: string[] = [], status = "SUCCESS"): ExistingFulfilment => ({ id, status, lines, trackingNumbers });
const noTracking = { company: null, numbers: [], url: null };

describe("a create whose answer was lost is found before creating again", () => {
  const pending: PendingFulfilment = { pending: true, before: ["F1"], lines: { L1: 2 } };

  it("takes the new fulfilment with exactly the pending lines", () => {
    expect(ownFulfilment([f("F1", { L1: 2 }), f("F2", { L1: 2 })], pending, noTracking)?.id).toBe("F2");
  });

  it("does not take a fulfilment that existed before the create, even with the same lines", () => {
    expect(ownFulfilment([f("F1", { L1: 2 })], pending, noTracking)).toBeNull();
  });

  it("does not take a new fulfilment of other lines (made by hand in Shopify)", () => {
    expect(ownFulfilment([f("F1", { L1: 2 }), f("F3", { L1: 1 })], pending, noTracking)).toBeNull();
  });

  it("does not take another delivery's fulfilment of the same lines made meanwhile (other tracking numbers)", () => {
    const sent: PendingFulfilment = { ...pending, numbers: ["JD1"] };
    const tracking = { company: "DHL", numbers: ["JD1"], url: null };
    expect(ownFulfilment([f("F1", { L1: 2 }), f("F4", { L1: 2 }, ["JD9"])], sent, tracking)).toBeNull();
    expect(ownFulfilment([f("F1", { L1: 2 }), f("F4", { L1: 2 }, ["JD9"]), f("F5", { L1: 2 }, ["JD1"])], sent, tracking)?.id).toBe("F5");
  });

  it("ignores cancelled fulfilments", () => {
    expect(ownFulfilment([f("F2", { L1: 2 }, [], "CANCELLED")], pending, noTracking)).toBeNull();
  });

  it("without a ledger entry, a fulfilment carrying one of the delivery's tracking numbers is this delivery's", () => {
    const tracking = { company: "DHL", numbers: ["JD2", "JD3"], url: null };
    expect(ownFulfilment([f("F1", { L1: 2 }, ["JD1"]), f("F2", { L1: 1 }, ["JD3"])], null, tracking)?.id).toBe("F2");
  });
});
