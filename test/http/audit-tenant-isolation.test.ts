import { expect, it } from "vitest";
import { call, createTenant, postShopify, readToken, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a tenant token reads its own tenant and gets 404 on another tenant's events", async () => {
  const a = await createTenant();
  const b = await createTenant();
  const { eventId } = (await (await postShopify(b, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(b, eventId, ["delivered"]);
  const tokenA = await readToken(a);

  expect((await call(`/v1/tenants/${a.tenant}/events`, { token: tokenA })).status).toBe(200);
  const list = await call(`/v1/tenants/${b.tenant}/events`, { token: tokenA });
  expect(list.status).toBe(404);
  expect(((await list.json()) as { error: { code: string } }).error.code).toBe("not_found");
  expect((await call(`/v1/tenants/${b.tenant}/events/${eventId}`, { token: tokenA })).status).toBe(404);
  // Even knowing the event id, tenant A's own path does not reveal tenant B's event.
  expect((await call(`/v1/tenants/${a.tenant}/events/${eventId}`, { token: tokenA })).status).toBe(404);
});

it("the audit API refuses missing or unknown tokens with 401", async () => {
  const a = await createTenant();
  expect((await call(`/v1/tenants/${a.tenant}/events`)).status).toBe(401);
  expect((await call(`/v1/tenants/${a.tenant}/events`, { token: "owr_forged" })).status).toBe(401);
});
