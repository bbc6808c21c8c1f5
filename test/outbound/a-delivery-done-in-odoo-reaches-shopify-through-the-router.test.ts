import { expect, it } from "vitest";
import { odooWebhookCalls, provisionAutomations, putOdooSource, relayOdooCallbacks } from "../support/odoo-callbacks";
import { getEvent, waitForStatus } from "../support/router";
import { shipmentScenario } from "../support/shipment";
import { putSource } from "../support/sources";

it("a delivery validated in Odoo 19 reaches Shopify through the router: callback, read back, one partial fulfilment", async () => {
  const s = await shipmentScenario("19.0");
  const put = await putSource(s.t, s.t.source, { provider: "shopify", secrets: [s.t.secret], api: { shop: s.shop, accessToken: s.accessToken } });
  expect([200, 201]).toContain(put.status);
  await putOdooSource(s.t, { outbound: { shipment: { to: [s.t.source] } } });
  expect((await provisionAutomations(s.t)).status).toBe(200);

  await s.validate(s.picking, 2, "JD0001");
  const relayed = await relayOdooCallbacks(s.t, { filter: (c) => c.model === "stock.picking" && c.recordId === s.picking });
  expect(relayed.length).toBeGreaterThan(0);
  const eventIds = [...new Set(relayed.map((r) => String(r.body.eventId ?? "")).filter(Boolean))];
  for (const id of eventIds) await waitForStatus(s.t, id, ["delivered", "dead"], 20_000);
  const events = await Promise.all(eventIds.map((id) => getEvent(s.t, id)));
  expect(events.map((e) => e?.status)).toContain("delivered");

  const order = await s.shopifyOrder();
  expect(order.fulfillments).toHaveLength(1);
  expect(order.fulfillments[0]!.fulfillmentLineItems.map((l) => l.quantity)).toEqual([2]);
  expect(order.fulfillments[0]!.trackingInfo.map((i) => i.number)).toEqual(["JD0001"]);
  // Every callback Odoo made for the picking was about it, none lost.
  expect((await odooWebhookCalls(s.t)).filter((c) => c.model === "stock.picking").every((c) => c.recordId === s.picking)).toBe(true);
});
