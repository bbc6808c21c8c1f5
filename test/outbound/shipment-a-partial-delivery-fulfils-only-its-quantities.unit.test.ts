import { describe, expect, it } from "vitest";
import { allocateFulfilment, shopifyStep, type Delivery, type OpenFulfillmentOrder } from "../../src/outbound/flows/shipment-plan";

const fo = (lines: [string, string | null, number][]): OpenFulfillmentOrder => ({
  id: "gid://shopify/FulfillmentOrder/1",
  lines: lines.map(([n, sku, remainingQuantity]) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${n}`, lineItemId: `gid://shopify/LineItem/${n}`, sku, remainingQuantity })),
});

const delivery = (lines: [string, number][]): Delivery => ({
  pickingId: 7,
  name: "WH/OUT/00007",
  saleOrderId: 3,
  lines: lines.map(([sku, quantity], i) => ({ productId: i + 1, sku, quantity })),
  tracking: { company: "DHL", numbers: ["JD1"], url: null },
  orderFullyDelivered: false,
});

describe("a partial delivery fulfils only its own quantities", () => {
  it("takes the delivered quantities of each SKU, not what is open", () => {
    const plan = allocateFulfilment(delivery([["MUG", 2], ["TEE", 1]]).lines, [fo([["1", "MUG", 5], ["2", "TEE", 3], ["3", "CAP", 1]])]);
    expect(plan.allocations).toEqual([
      {
        fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1",
        lines: [
          { id: "gid://shopify/FulfillmentOrderLineItem/1", lineItemId: "gid://shopify/LineItem/1", quantity: 2 },
          { id: "gid://shopify/FulfillmentOrderLineItem/2", lineItemId: "gid://shopify/LineItem/2", quantity: 1 },
        ],
      },
    ]);
    expect(plan.unmatched).toEqual([]);
  });

  it("the backorder's picking gets what is left, never more than Shopify's remaining quantity", () => {
    // 2 of 5 mugs fulfilled by the first delivery: 3 remain; Odoo's backorder says 4 (a miscount).
    const step = shopifyStep(delivery([["MUG", 4]]), null, [fo([["1", "MUG", 3]])]);
    expect(step.action).toBe("create");
    if (step.action !== "create") return;
    expect(step.lines).toEqual({ "gid://shopify/LineItem/1": 3 });
    expect(step.unmatched).toEqual([{ sku: "MUG", quantity: 1 }]);
  });

  it("nothing open for the delivered SKUs is no fulfilment, with the reason", () => {
    const step = shopifyStep(delivery([["MUG", 1]]), null, [fo([["1", "MUG", 0]])]);
    expect(step).toEqual({ action: "none", reason: "Shopify has nothing open to fulfil for MUG", fulfillmentId: null });
  });

  it("a product without SKU is found by the variant the inbound writers mapped to it", () => {
    const line = { id: "gid://shopify/FulfillmentOrderLineItem/8", lineItemId: "gid://shopify/LineItem/8", sku: null, variantId: "4711", remainingQuantity: 2 };
    const plan = allocateFulfilment([{ productId: 9, sku: null, variantId: "4711", quantity: 1 }], [{ id: "gid://shopify/FulfillmentOrder/1", lines: [line] }]);
    expect(plan.allocations[0]!.lines).toEqual([{ id: line.id, lineItemId: line.lineItemId, quantity: 1 }]);
    // Without SKU and without a mapped variant nothing is guessed.
    expect(allocateFulfilment([{ productId: 9, sku: null, quantity: 1 }], [{ id: "fo", lines: [{ ...line, variantId: null }] }]).allocations).toEqual([]);
  });

  it("one fulfilment stays at one location: the one covering most of the delivery", () => {
    const at = (id: string, locationId: string, lines: [string, string, number][]): OpenFulfillmentOrder => ({ ...fo(lines), id, locationId });
    const plan = allocateFulfilment(delivery([["MUG", 2], ["TEE", 1]]).lines, [
      at("FO-A", "gid://shopify/Location/1", [["1", "TEE", 1]]),
      at("FO-B", "gid://shopify/Location/2", [["2", "MUG", 2]]),
    ]);
    expect(plan.allocations.map((a) => a.fulfillmentOrderId)).toEqual(["FO-B"]);
    expect(plan.unmatched).toEqual([{ sku: "TEE", quantity: 1 }]);
  });

  it("one SKU spread over two lines is taken line after line", () => {
    const plan = allocateFulfilment(delivery([["MUG", 3]]).lines, [fo([["1", "MUG", 2], ["2", "MUG", 2]])]);
    expect(plan.allocations[0]!.lines.map((l) => l.quantity)).toEqual([2, 1]);
  });
});
