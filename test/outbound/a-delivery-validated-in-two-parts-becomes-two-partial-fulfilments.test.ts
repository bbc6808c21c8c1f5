import { describe, expect, it } from "vitest";
import { CARRIER_NAME, shipmentScenario } from "../support/shipment";

describe.each(["16.0", "17.0", "19.0"])("Odoo %s", (version) => {
  it("a delivery validated in two parts becomes two partial fulfilments, each with its own tracking", async () => {
    const s = await shipmentScenario(version);

    const first = await s.validate(s.picking, 2, "JD0001");
    expect(first.state).toBe("done");
    const [backorder] = first.backorder_ids;
    const sent = await s.send(s.picking);
    expect(sent.writes).toMatchObject([{ status: "sent", provider: "shopify" }]);

    let order = await s.shopifyOrder();
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0]!.fulfillmentLineItems.map((l) => [l.lineItem.sku, l.quantity])).toEqual([["MUG", 2]]);
    expect(order.fulfillments[0]!.trackingInfo).toEqual([{ company: CARRIER_NAME, number: "JD0001", url: "https://track.example/JD0001" }]);
    expect(order.fulfillmentOrders[0]).toMatchObject({ status: "IN_PROGRESS", lineItems: [{ remainingQuantity: 3 }] });

    // The backorder's picking, validated later, is the second fulfilment: the rest.
    await s.validate(backorder!, 3, "JD0002");
    expect((await s.send(backorder!)).writes).toMatchObject([{ status: "sent" }]);
    order = await s.shopifyOrder();
    expect(order.fulfillments.map((f) => [f.fulfillmentLineItems[0]!.quantity, f.trackingInfo[0]!.number])).toEqual([[2, "JD0001"], [3, "JD0002"]]);
    expect(order.fulfillmentOrders[0]).toMatchObject({ status: "CLOSED", lineItems: [{ remainingQuantity: 0 }] });

    // The same change seen again (a poll after the callback) writes nothing.
    expect((await s.send(s.picking)).writes).toMatchObject([{ status: "unchanged" }]);
    expect((await s.send(backorder!)).writes).toMatchObject([{ status: "unchanged" }]);
    expect((await s.shopifyCounters()).fulfillmentsCreated).toBe(2);
  });
});

it("a delivery that is not done yet sends nothing", async () => {
  const s = await shipmentScenario();
  const result = await s.send(s.picking);
  expect(result.writes).toEqual([expect.objectContaining({ status: "skipped", reason: expect.stringMatching(/is not done/) })]);
  expect((await s.shopifyOrder()).fulfillments).toEqual([]);
});
