import { inject, it, expect } from "vitest";
import { github } from "../../src/providers/github";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

it("the GitHub verifier agrees with @octokit/webhooks-methods' sign and verify, both ways", async () => {
  const cases = inject("sdkSignatures").github!;
  expect(Object.fromEntries(cases.map((c) => [c.name, c.sdkAccepts]))).toEqual({
    "signed by the SDK": true,
    "one byte of the body changed": false,
    "signed with another secret": false,
    "signed with the previous secret, both active": true,
    "a legacy SHA-1 signature in the SHA-256 header": false,
  });
  await expectVerifierAgreesWithSdk(github, cases, () => ({ sourceId: "gh", options: {} }));
});
