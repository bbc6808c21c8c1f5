import { afterEach, describe, expect, it } from "vitest";
import { hideOutboundFlowForTest, outboundRoute, registerOutboundFlowForTest } from "../../src/outbound/route";
import { flowFor } from "../../src/odoo/writers";
import { flowMode, routingSchema } from "../../src/tenant/routing";
import type { CanonicalEvent } from "../../src/events/canonical";
import type { OutboundFlow } from "../../src/outbound/flow";

const standIn: OutboundFlow = { name: "stock", watches: () => [], send: async () => ({ writes: [], odoo: null }) };
const stockEvent = {
  schema: "router.event/v1",
  provider: "odoo",
  topic: "callback",
  type: "stock.changed",
  kind: "stock",
  externalId: "42",
  version: 1,
  occurredAt: "2026-12-07T10:00:00Z",
  data: { model: "stock.quant", ids: [7], via: "callback", writeDate: null },
} as CanonicalEvent;

afterEach(() => registerOutboundFlowForTest("stock", null));

describe("an outbound event with no routed flow is ignored with the fix", () => {
  it("names the routing key to PUT when the routing has no outbound.<flow>", () => {
    registerOutboundFlowForTest("stock", standIn);
    const route = outboundRoute("stock", routingSchema.parse({}));
    expect(route.flow).toBeNull();
    expect(route.flow === null && route.reason).toMatch(/routing has no outbound\.stock \(PUT .*\/routing \{"outbound":\{"stock":\{"to":\[/);
    // The Odoo writers never take it, and say the same.
    expect(flowFor(stockEvent, routingSchema.parse({}))).toMatchObject({ flow: null, reason: expect.stringContaining("routing has no outbound.stock") });
    expect(flowMode(routingSchema.parse({}), "stock")).toBe("ignore");
  });

  it("says the flow is not available when no module is registered for it", () => {
    hideOutboundFlowForTest("stock");
    const route = outboundRoute("stock", routingSchema.parse({ outbound: { stock: { to: ["shop"] } } }));
    expect(route).toEqual({ flow: null, reason: expect.stringContaining('outbound flow "stock" is not available') });
  });

  it("routes it to its module when both are there, with the flow's mode (batch holds like inbound batch flows)", () => {
    registerOutboundFlowForTest("stock", standIn);
    const realtime = routingSchema.parse({ outbound: { stock: { to: ["shop"] } } });
    expect(outboundRoute("stock", realtime)).toMatchObject({ flow: standIn, config: { to: ["shop"], quantity: "free_qty" } });
    expect(flowMode(realtime, "stock")).toBe("realtime");
    expect(flowMode(routingSchema.parse({ outbound: { stock: { to: ["shop"], mode: "batch" } } }), "stock")).toBe("batch");
    // An outbound kind is never written into Odoo.
    expect(flowFor(stockEvent, realtime)).toEqual({ flow: null, reason: expect.stringContaining("go out to providers") });
  });
});
