import { inject, it, expect } from "vitest";
import { square } from "../../src/providers/square";

it("the Square verifier agrees with the square SDK's WebhooksHelper.verifySignature, both ways", async () => {
  const cases = inject("sdkSignatures").square!;
  expect(cases.length).toBeGreaterThanOrEqual(4);
  expect(cases.some((c) => c.sdkAccepts) && cases.some((c) => !c.sdkAccepts)).toBe(true);
  for (const c of cases) {
    const verdict = await square.verify(
      {
        body: new TextEncoder().encode(c.body),
        headers: new Headers(c.headers),
        method: c.method ?? "POST",
        url: c.url ?? "https://router.test/webhooks/acme/square",
        receivedAt: c.receivedAt,
      },
      { tenantId: "acme", sourceId: "square", provider: "square", secrets: c.secrets, options: square.optionsSchema.parse(c.options ?? {}) },
      { fetch },
    );
    expect({ name: c.name, ok: verdict.ok }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
});
