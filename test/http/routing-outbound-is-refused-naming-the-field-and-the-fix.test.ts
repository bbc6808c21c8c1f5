import { afterAll, expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { FAKE_HOST, fakeAccount, putThinSource } from "../support/generic-api";
import { hideOutboundFlowForTest, registerOutboundFlowForTest } from "../../src/outbound/route";
import type { OutboundFlow, OutboundFlowName } from "../../src/outbound/flow";

const standIn = (name: OutboundFlowName): OutboundFlow => ({ name, watches: () => [], send: async () => ({ writes: [], odoo: null }) });
afterAll(() => {
  registerOutboundFlowForTest("stock", null);
  registerOutboundFlowForTest("price", null);
});

it("a routing whose outbound names an unknown source, one without api, an unregistered flow or price without Odoo's ownership is refused (422) naming the field and the fix", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  expect((await putThinSource(t, "webshop", { fetchUrl: `${FAKE_HOST}/${account.account}/products/{id}` })).status).toBe(201);
  const put = async (routing: unknown) => {
    const response = await call(`/v1/admin/tenants/${t.tenant}/routing`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(routing) });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };

  // No module for the flow in this router.
  hideOutboundFlowForTest("stock");
  expect(await put({ outbound: { stock: { to: ["webshop"] } } })).toMatchObject({
    status: 422,
    body: { error: { code: "invalid_request", message: expect.stringMatching(/^outbound\.stock: the stock flow is not available/) } },
  });

  registerOutboundFlowForTest("stock", standIn("stock"));
  expect(await put({ outbound: { stock: { to: ["webshop", "nowhere"] } } })).toMatchObject({
    status: 422,
    body: { error: { code: "invalid_request", message: expect.stringMatching(/^outbound\.stock\.to\.1: no source "nowhere" for this tenant \(it has: shop, webshop\)/) } },
  });
  // The Shopify source has no api connection: it cannot receive writes.
  expect(await put({ outbound: { stock: { to: ["shop"] } } })).toMatchObject({
    status: 422,
    body: { error: { code: "invalid_request", message: expect.stringMatching(/^outbound\.stock\.to\.0: source "shop" has no api connection: PUT .*sources\/shop with an "api"/) } },
  });

  registerOutboundFlowForTest("price", standIn("price"));
  expect(await put({ outbound: { price: { to: ["webshop"] } } })).toMatchObject({
    status: 422,
    body: { error: { code: "invalid_request", message: expect.stringMatching(/^outbound\.price: .*"ownership": \{"product.template": \{"list_price": "odoo"\}\}/) } },
  });

  expect((await put({ outbound: { stock: { to: ["webshop"] }, price: { to: ["webshop"] } }, ownership: { "product.template": { list_price: "odoo" } } })).status).toBe(201);
});
