import { inject, it, expect } from "vitest";
import { shopify } from "../../src/providers/shopify";

it("the Shopify verifier agrees with @shopify/shopify-api's own signer, both ways", async () => {
  const cases = inject("sdkSignatures").shopify!;
  expect(cases.length).toBeGreaterThanOrEqual(3);
  for (const c of cases) {
    const verdict = await shopify.verify(
      {
        body: new TextEncoder().encode(c.body),
        headers: new Headers(c.headers),
        method: c.method ?? "POST",
        url: c.url ?? "https://router.test/webhooks/acme/shop",
        receivedAt: c.receivedAt,
      },
      { tenantId: "acme", sourceId: "shop", provider: "shopify", secrets: c.secrets, options: {} },
      { fetch },
    );
    expect({ name: c.name, ok: verdict.ok }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
});
