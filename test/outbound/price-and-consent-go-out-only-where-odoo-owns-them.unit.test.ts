import { afterEach, describe, expect, it } from "vitest";
import { outboundRoutingProblem, ownershipRefusal } from "../../src/outbound/governance";
import { outboundRoute, registerOutboundFlowForTest } from "../../src/outbound/route";
import type { OutboundFlow, OutboundFlowName } from "../../src/outbound/flow";
import { routingSchema } from "../../src/tenant/routing";

const standIn = (name: OutboundFlowName): OutboundFlow => ({ name, watches: () => [], send: async () => ({ writes: [], odoo: null }) });
const shop = { source: "shop", provider: "shopify", api: { configured: true } };

afterEach(() => {
  for (const name of ["price", "consent", "stock"] as const) registerOutboundFlowForTest(name, null);
});

describe("price and consent go out only where Odoo owns them", () => {
  it("price needs product.template (or product.product) list_price owned by odoo", () => {
    expect(ownershipRefusal("price", routingSchema.parse({}))).toMatch(/"ownership": \{"product.template": \{"list_price": "odoo"\}\}/);
    expect(ownershipRefusal("price", routingSchema.parse({ ownership: { "product.template": { list_price: "odoo" } } }))).toBeNull();
    expect(ownershipRefusal("price", routingSchema.parse({ ownership: { "product.product": { list_price: "odoo" } } }))).toBeNull();
  });

  it("consent needs mail.blacklist active owned by odoo", () => {
    expect(ownershipRefusal("consent", routingSchema.parse({}))).toMatch(/mail\.blacklist/);
    expect(ownershipRefusal("consent", routingSchema.parse({ ownership: { "mail.blacklist": { active: "odoo" } } }))).toBeNull();
  });

  it("stock, shipments, invoice and account status are Odoo's by default", () => {
    for (const flow of ["stock", "shipment", "invoiceStatus", "accountStatus"] as const) expect(ownershipRefusal(flow, routingSchema.parse({}))).toBeNull();
  });

  it("the routing check and the ingest route refuse price without the ownership, naming the fix", () => {
    registerOutboundFlowForTest("price", standIn("price"));
    const routing = routingSchema.parse({ outbound: { price: { to: ["shop"] } } });
    expect(outboundRoutingProblem(routing, [shop])).toEqual({ path: "outbound.price", message: expect.stringContaining("list_price") });
    expect(outboundRoute("price", routing)).toEqual({ flow: null, reason: expect.stringContaining("list_price") });
    const owned = routingSchema.parse({ outbound: { price: { to: ["shop"] } }, ownership: { "product.template": { list_price: "odoo" } } });
    expect(outboundRoutingProblem(owned, [shop])).toBeNull();
  });
});
