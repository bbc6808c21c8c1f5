import { inject, it, expect } from "vitest";
import { shopify } from "../../src/providers/shopify";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

it("the Shopify verifier agrees with @shopify/shopify-api's own signer, both ways", async () => {
  const cases = inject("sdkSignatures").shopify!;
  expect(cases.length).toBeGreaterThanOrEqual(3);
  await expectVerifierAgreesWithSdk(shopify, cases, () => ({ sourceId: "shop", options: {} }));
});
