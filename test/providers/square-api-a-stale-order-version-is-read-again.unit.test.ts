import { describe, expect, it } from "vitest";
import { squareApi, squareOrderFulfilments, squareUpdateFulfilment } from "../../src/providers/square-api";
import fake from "../support/provider-fakes/square.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://connect.squareupsandbox.com";
const order = (version: number) => ({
  id: "ORD-1", location_id: "L1", version, state: "OPEN",
  fulfillments: [{ uid: "F1", type: "SHIPMENT", state: "PROPOSED", shipment_details: { recipient: { display_name: "Jane" } } }],
});
const change = { uid: "F1", state: "COMPLETED", trackingNumber: "JD1", carrier: "DHL", trackingUrl: "https://track.example/JD1" };

describe("Square order fulfilment updates", () => {
  it("sets the shipment's state and tracking on the order's current version", async () => {
    const token = uniqueId("sq");
    await control(fake, `${HOST}/__fake/seed`, { token, locations: [{ id: "L1" }], orders: [order(3)] });
    const session = sessionOn(fake, squareApi, { accessToken: token, baseUrl: HOST });
    const updated = await squareUpdateFulfilment(session, "ORD-1", change, "odoo-router-t-7-COMPLETED-JD1");
    expect(updated.version).toBe(4);
    expect((await squareOrderFulfilments(session, "ORD-1"))!.fulfillments).toEqual([{ uid: "F1", type: "SHIPMENT", state: "COMPLETED", trackingNumber: "JD1" }]);
  });

  it("a VERSION_MISMATCH (the order changed between read and write) is read again and written on the new version", async () => {
    const token = uniqueId("sq");
    await control(fake, `${HOST}/__fake/seed`, { token, locations: [{ id: "L1" }], orders: [order(3)] });
    const session = sessionOn(fake, squareApi, { accessToken: token, baseUrl: HOST });
    // Someone else updates the order right after the client reads it.
    let reads = 0;
    const racing = {
      ...session,
      async request(call: Parameters<typeof session.request>[0]) {
        const answer = await session.request(call);
        if ((call.method ?? "GET") === "GET" && ++reads === 1) await control(fake, `${HOST}/__fake/seed`, { token, orders: [order(4)] });
        return answer;
      },
    };
    const updated = await squareUpdateFulfilment(racing, "ORD-1", change, "k-1");
    expect(updated.version).toBe(5);
    expect(reads).toBe(2);
    const counters = await control<{ orderUpdates: number }>(fake, `${HOST}/__fake/counters?token=${token}`);
    expect(counters.orderUpdates).toBe(1);
  });
});
