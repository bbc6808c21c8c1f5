import { describe, expect, it } from "vitest";
import { ECHO_WINDOW_MS, echoingFlows, isEcho } from "../../src/outbound/echo";
import type { LedgerEntry, OutboundFlow } from "../../src/outbound/flow";
import { routingSchema } from "../../src/tenant/routing";

const written: LedgerEntry = {
  sourceId: "shop",
  objectKey: "inventory:gid://shopify/InventoryItem/1@gid://shopify/Location/1",
  value: { available: 7, location: "WH" },
  writtenAt: 1_000_000,
  eventId: "evt_1",
};

describe("a webhook is an echo only when it reports the written value within the window", () => {
  it("the same value (key order aside) soon after the write is an echo", () => {
    expect(isEcho({ objectKey: written.objectKey, value: { location: "WH", available: 7 } }, written, written.writtenAt + 5_000)).toBe(true);
  });

  it("a different value is news, never an echo, however soon", () => {
    expect(isEcho({ objectKey: written.objectKey, value: { available: 6, location: "WH" } }, written, written.writtenAt + 1)).toBe(false);
  });

  it("the same value after the window is a real change back to it", () => {
    expect(isEcho({ objectKey: written.objectKey, value: written.value }, written, written.writtenAt + ECHO_WINDOW_MS + 1)).toBe(false);
  });

  it("no ledger entry (the router never wrote there) is no echo: origin alone is never trusted", () => {
    expect(isEcho({ objectKey: written.objectKey, value: written.value }, undefined, written.writtenAt)).toBe(false);
  });

  it("only flows that write to the webhook's source and know their echo are asked", () => {
    const withEcho: OutboundFlow = { name: "stock", watches: () => [], send: async () => ({ writes: [], odoo: null }), echoOf: () => null };
    const without: OutboundFlow = { name: "shipment", watches: () => [], send: async () => ({ writes: [], odoo: null }) };
    const routing = routingSchema.parse({ outbound: { stock: { to: ["shop"] }, shipment: { to: ["shop"] } } });
    expect(echoingFlows(routing, "shop", [withEcho, without])).toEqual([withEcho]);
    expect(echoingFlows(routing, "crm", [withEcho, without])).toEqual([]);
  });
});
