import { expect, it } from "vitest";
import { call, createTenant, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";
import { shopifyHmac } from "../support/signing";

async function errorOf(response: Response) {
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; requestId: string } } };
}

it("a forged signature is 401 invalid_signature in the error envelope", async () => {
  const t = await createTenant();
  const { status, body } = await errorOf(await postShopify(t, "customers/create", shopifyCustomer(), { secret: "not-the-secret" }));
  expect(status).toBe(401);
  expect(body.error).toEqual({ code: "invalid_signature", message: expect.any(String), requestId: expect.any(String) });
});

it("an unknown tenant or source is 404 unknown_source", async () => {
  const t = await createTenant();
  const { status, body } = await errorOf(await postShopify({ ...t, source: "nope" }, "customers/create", shopifyCustomer()));
  expect(status).toBe(404);
  expect(body.error.code).toBe("unknown_source");
});

it("a body over the size limit is 413 payload_too_large", async () => {
  const t = await createTenant();
  const huge = JSON.stringify({ ...shopifyCustomer(), note: "x".repeat(1_100_000) });
  const response = await call(`/webhooks/${t.tenant}/${t.source}`, {
    method: "POST",
    body: huge,
    headers: { "x-shopify-topic": "customers/create", "x-shopify-hmac-sha256": await shopifyHmac(huge, t.secret) },
  });
  const { status, body } = await errorOf(response);
  expect(status).toBe(413);
  expect(body.error.code).toBe("payload_too_large");
});

it("a signed body that is not valid JSON, or lacks the entity id, is 400 malformed_payload", async () => {
  const t = await createTenant();
  for (const raw of ["{not json", JSON.stringify({ email: "no-id@example.test" })]) {
    const response = await call(`/webhooks/${t.tenant}/${t.source}`, {
      method: "POST",
      body: raw,
      headers: { "x-shopify-topic": "customers/create", "x-shopify-hmac-sha256": await shopifyHmac(raw, t.secret) },
    });
    const { status, body } = await errorOf(response);
    expect(status).toBe(400);
    expect(body.error.code).toBe("malformed_payload");
  }
});
