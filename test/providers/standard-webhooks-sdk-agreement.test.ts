import { inject, it, expect } from "vitest";
import { standardWebhooks } from "../../src/providers/standard-webhooks";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

it("the Standard Webhooks verifier agrees with the standardwebhooks reference library, both ways", async () => {
  const cases = inject("sdkSignatures")["standard-webhooks"]!;
  expect(Object.fromEntries(cases.map((c) => [c.name, c.sdkAccepts]))).toEqual({
    "signed by the SDK": true,
    "one byte of the body changed": false,
    "signed with another secret": false,
    "timestamp 400 s old": false,
    "timestamp 400 s in the future": false,
    "message id changed after signing": false,
    "two signatures during a rotation, one per key": true,
    "signed with the previous secret, both active on the source": true,
    "svix-* header names": true,
    "secret configured without the whsec_ prefix": true,
    "only an asymmetric v1a signature": false,
  });
  await expectVerifierAgreesWithSdk(standardWebhooks, cases, (c) => ({
    sourceId: "svix",
    options: standardWebhooks.optionsSchema.parse({ eventTypes: {}, ...c.options }),
  }));
});
