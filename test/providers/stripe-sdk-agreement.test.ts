import { inject, it, expect } from "vitest";
import { stripe } from "../../src/providers/stripe";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

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
  await expectVerifierAgreesWithSdk(stripe, cases, (c) => ({ sourceId: "stripe", options: { toleranceSeconds: 300, ...c.options } }));
});
