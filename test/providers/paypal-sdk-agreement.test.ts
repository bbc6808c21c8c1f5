import { inject, it, expect } from "vitest";
import { paypal } from "../../src/providers/paypal";
import { certificateServer } from "../support/paypal";
import { expectVerifierAgreesWithSdk } from "../support/sdk-agreement";

it("the PayPal verifier agrees with OpenSSL (node:crypto + zlib.crc32) on every signed case, both ways", async () => {
  const cases = inject("sdkSignatures").paypal!;
  expect(cases.length).toBeGreaterThanOrEqual(5);
  expect(cases.some((c) => c.sdkAccepts)).toBe(true);
  await expectVerifierAgreesWithSdk(paypal, cases, (c) => {
    // Each case carries the certificate it was signed for, served at the case's own cert URL.
    const { testCertificatePem, ...options } = c.options as { testCertificatePem: string; webhookId: string };
    return { sourceId: "paypal", options, services: certificateServer({ [c.headers["paypal-cert-url"]!]: testCertificatePem }) };
  });
});
