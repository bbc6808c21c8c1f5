import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

interface Page {
  items: { status: string; reason: string | null; topic: string }[];
}

it("forged deliveries are recorded as rejected with the reason code, at most 10 a minute per source", async () => {
  const t = await createTenant();
  for (let i = 0; i < 25; i++) {
    const response = await postShopify(t, "customers/create", shopifyCustomer(), { secret: "forged" });
    expect(response.status).toBe(401);
  }
  const rejected = await vi.waitUntil(async () => {
    const page = (await (await call(`/v1/tenants/${t.tenant}/events?status=rejected&limit=100`, { token: ADMIN_TOKEN })).json()) as Page;
    return page.items.length >= 10 ? page.items : null;
  }, { timeout: 10_000, interval: 50 });
  // Give a flood the time to (wrongly) land more rows.
  await new Promise((r) => setTimeout(r, 500));
  const page = (await (await call(`/v1/tenants/${t.tenant}/events?status=rejected&limit=100`, { token: ADMIN_TOKEN })).json()) as Page;
  expect(page.items).toHaveLength(10);
  expect(rejected[0]).toMatchObject({ status: "rejected", topic: "customers/create", reason: expect.stringMatching(/^invalid_signature: /) });
});
