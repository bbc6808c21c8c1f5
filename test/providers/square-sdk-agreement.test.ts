import { inject, it, expect } from "vitest";
import { square } from "../../src/providers/square";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

it("the Square verifier agrees with the square SDK's WebhooksHelper.verifySignature, both ways", async () => {
  const cases = inject("sdkSignatures").square!;
  expect(cases.length).toBeGreaterThanOrEqual(4);
  expect(cases.some((c) => c.sdkAccepts) && cases.some((c) => !c.sdkAccepts)).toBe(true);
  await expectVerifierAgreesWithSdk(square, cases, (c) => ({ sourceId: "square", options: square.optionsSchema.parse(c.options ?? {}) }));
});
