import { expect, it } from "vitest";
import { call, createTenant, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";
import { shopifyHmac } from "../support/signing";

// wrangler.toml: REFUSALS allows 60 refusals per source per 60 s window, windows aligned to the
// clock; 121 refusals cross the limit even when they straddle one window boundary.
const LIMIT = 60;

it("past its source's limit a forged delivery gets 429 rate_limited with Retry-After, while signed deliveries still get 202 (or 400 when malformed)", async () => {
  const t = await createTenant();
  let limited: Response | null = null;
  let refused = 0;
  for (let i = 0; i < 2 * LIMIT + 1 && !limited; i++) {
    const response = await postShopify(t, "customers/create", shopifyCustomer(), { secret: "forged" });
    if (response.status === 429) limited = response;
    else {
      expect(response.status).toBe(401);
      refused++;
    }
  }
  expect(refused).toBeGreaterThanOrEqual(LIMIT);
  expect(limited).not.toBeNull();
  expect(limited!.headers.get("retry-after")).toBe("60");
  expect(await limited!.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("retry in 60 s"), requestId: expect.any(String) } });

  // The same source, in the same flood: a verified delivery is accepted, never limited.
  const accepted = await postShopify(t, "customers/create", shopifyCustomer());
  expect(accepted.status).toBe(202);
  // A signed but malformed body is the provider's bug, not a flood: 400, not 429.
  const body = "{not json";
  const malformed = await call(`/webhooks/${t.tenant}/${t.source}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "customers/create",
      "x-shopify-hmac-sha256": await shopifyHmac(body, t.secret),
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-shop-domain": "example.myshopify.com",
    },
  });
  expect(malformed.status).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: { code: "malformed_payload" } });
});

it("the limit is per source: another tenant's source is not limited by the flood", async () => {
  const flooded = await createTenant();
  const other = await createTenant();
  let sawLimit = false;
  for (let i = 0; i < 2 * LIMIT + 1 && !sawLimit; i++) {
    sawLimit = (await postShopify(flooded, "customers/create", shopifyCustomer(), { secret: "forged" })).status === 429;
  }
  expect(sawLimit).toBe(true);
  expect((await postShopify(other, "customers/create", shopifyCustomer(), { secret: "forged" })).status).toBe(401);
});
