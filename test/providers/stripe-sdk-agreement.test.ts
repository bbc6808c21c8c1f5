import { inject, it, expect } from "vitest";
import { stripe } from "../../src/providers/stripe";

it("the Stripe verifier agrees with the stripe SDK's own signer and verifier, both ways", async () => {
  const cases = inject("sdkSignatures").stripe!;
  expect(cases.length).toBeGreaterThanOrEqual(10);
  // What the SDK itself decided, so the agreement below covers both outcomes of each rule.
  expect(Object.fromEntries(cases.map((c) => [c.name, c.sdkAccepts]))).toEqual({
    "signed by the SDK": true,
    "one byte of the body changed": false,
    "signed with another secret": false,
    "timestamp 301 s old": false,
    "timestamp exactly 300 s old (whole seconds)": true,
    "timestamp 10 minutes in the future (the SDK checks the past only)": true,
    "a day old with tolerance 0 (disabled)": true,
    "two v1 signatures, the second one valid (secret being rolled)": true,
    "signed with the previous secret, both active on the source": true,
    "only a v0 signature": false,
    "thin event notification signed by the SDK": true,
  });
  for (const c of cases) {
    const verdict = await stripe.verify(
      {
        body: new TextEncoder().encode(c.body),
        headers: new Headers(c.headers),
        method: "POST",
        url: "https://router.test/webhooks/acme/stripe",
        receivedAt: c.receivedAt,
      },
      { tenantId: "acme", sourceId: "stripe", provider: "stripe", secrets: c.secrets, options: { toleranceSeconds: 300, ...c.options } },
      { fetch },
    );
    expect({ name: c.name, ok: verdict.ok }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
});
