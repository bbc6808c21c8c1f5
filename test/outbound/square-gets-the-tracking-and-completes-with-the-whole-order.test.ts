import { expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { squareApi } from "../../src/providers/square-api";
import { trivialGate } from "../support/provider-api-session";
import { shipmentScenario } from "../support/shipment";
import { uniqueId } from "../support/shopify";

const HOST = "https://connect.squareupsandbox.com";

async function squareControl<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${HOST}/__fake/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

it("a Square order's shipment gets the first delivery's tracking, and COMPLETED once the backorder left too", async () => {
  const s = await shipmentScenario("19.0");
  const token = uniqueId("sq");
  await squareControl("seed", {
    token,
    locations: [{ id: "L1" }],
    orders: [{ id: "SQ-ORDER-1", location_id: "L1", version: 1, state: "OPEN", fulfillments: [{ uid: "F1", type: "SHIPMENT", state: "PROPOSED" }] }],
  });
  await s.mapOrder("square", "SQ-ORDER-1");
  s.useTargets({ sourceId: "square", provider: "square", session: createApiSession({ api: squareApi, credentials: { accessToken: token, baseUrl: HOST }, gate: trivialGate }) });

  const first = await s.validate(s.picking, 2, "JD0001");
  expect((await s.send(s.picking)).writes).toMatchObject([{ objectKey: "fulfillment:F1@order/SQ-ORDER-1", status: "sent", value: { state: "PROPOSED", trackingNumber: "JD0001" } }]);
  await s.validate(first.backorder_ids[0]!, 3);
  expect((await s.send(first.backorder_ids[0]!)).writes).toMatchObject([{ status: "sent", value: { state: "COMPLETED", trackingNumber: "JD0001" } }]);
  expect((await s.send(first.backorder_ids[0]!)).writes).toMatchObject([{ status: "unchanged" }]);
  expect((await squareControl<{ orderUpdates: number }>(`counters?token=${token}`)).orderUpdates).toBe(2);
});
