import { inject, it, expect } from "vitest";
import { paypal } from "../../src/providers/paypal";
import { certificateServer } from "../support/paypal";

it("the PayPal verifier agrees with OpenSSL (node:crypto + zlib.crc32) on every signed case, both ways", async () => {
  const cases = inject("sdkSignatures").paypal!;
  expect(cases.length).toBeGreaterThanOrEqual(5);
  expect(cases.some((c) => c.sdkAccepts)).toBe(true);
  for (const c of cases) {
    const { testCertificatePem, ...options } = c.options as { testCertificatePem: string; webhookId: string };
    const server = certificateServer({ [c.headers["paypal-cert-url"]!]: testCertificatePem });
    const verdict = await paypal.verify(
      { body: new TextEncoder().encode(c.body), headers: new Headers(c.headers), method: "POST", url: "https://router.test/webhooks/acme/paypal", receivedAt: c.receivedAt },
      { tenantId: "acme", sourceId: "paypal", provider: "paypal", secrets: c.secrets, options },
      server,
    );
    const why = !verdict.ok && c.sdkAccepts ? { reason: verdict.reason } : {}; // shown only on a disagreement
    expect({ name: c.name, ok: verdict.ok, ...why }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
});
