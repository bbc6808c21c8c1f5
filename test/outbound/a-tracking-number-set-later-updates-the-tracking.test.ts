import { expect, it } from "vitest";
import { CARRIER_NAME, shipmentScenario } from "../support/shipment";

it("a tracking number set after validation updates the fulfilment's tracking, without a second fulfilment", async () => {
  const s = await shipmentScenario("18.0");
  await s.validate(s.picking, 5);
  expect((await s.send(s.picking)).writes).toMatchObject([{ status: "sent" }]);
  expect((await s.shopifyOrder()).fulfillments[0]!.trackingInfo).toEqual([]);

  // The carrier's numbers arrive later (send_to_shipper appends ",<number>" per parcel).
  await s.rpc("stock.picking", "write", [[s.picking], { carrier_id: s.carrier, carrier_tracking_ref: "JD0007,JD0008" }]);
  expect((await s.send(s.picking)).writes).toMatchObject([{ status: "sent", value: { tracking: { numbers: ["JD0007", "JD0008"] } } }]);

  const order = await s.shopifyOrder();
  expect(order.fulfillments).toHaveLength(1);
  expect(order.fulfillments[0]!.trackingInfo).toEqual([
    { company: CARRIER_NAME, number: "JD0007", url: "https://track.example/JD0007,JD0008" },
    { company: CARRIER_NAME, number: "JD0008", url: "https://track.example/JD0007,JD0008" },
  ]);
  expect(await s.shopifyCounters()).toMatchObject({ fulfillmentsCreated: 1, trackingUpdates: 1 });
  // Unchanged tracking: nothing more is sent.
  expect((await s.send(s.picking)).writes).toMatchObject([{ status: "unchanged" }]);
  expect((await s.shopifyCounters()).trackingUpdates).toBe(1);
});
