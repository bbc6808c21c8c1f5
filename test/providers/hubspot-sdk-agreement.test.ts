import { inject, it, expect } from "vitest";
import { hubspot } from "../../src/providers/hubspot";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

it("the HubSpot verifier agrees with @hubspot/api-client's Signature.isValid on every v3/v2/v1 case, both ways", async () => {
  const cases = inject("sdkSignatures").hubspot!;
  expect(cases.length).toBeGreaterThanOrEqual(10);
  expect(cases.filter((c) => c.sdkAccepts).length).toBeGreaterThanOrEqual(4);
  expect(cases.filter((c) => !c.sdkAccepts).length).toBeGreaterThanOrEqual(4);
  await expectVerifierAgreesWithSdk(hubspot, cases, (c) => ({ sourceId: "hubspot", options: hubspot.optionsSchema.parse(c.options ?? {}) }));
});
