import { inject, it, expect } from "vitest";
import { hubspot } from "../../src/providers/hubspot";

it("the HubSpot verifier agrees with @hubspot/api-client's Signature.isValid on every v3/v2/v1 case, both ways", async () => {
  const cases = inject("sdkSignatures").hubspot!;
  expect(cases.length).toBeGreaterThanOrEqual(10);
  expect(cases.filter((c) => c.sdkAccepts).length).toBeGreaterThanOrEqual(4);
  expect(cases.filter((c) => !c.sdkAccepts).length).toBeGreaterThanOrEqual(4);
  for (const c of cases) {
    const verdict = await hubspot.verify(
      {
        body: new TextEncoder().encode(c.body),
        headers: new Headers(c.headers),
        method: c.method ?? "POST",
        url: c.url ?? "https://router.test/webhooks/acme/hubspot",
        receivedAt: c.receivedAt,
      },
      { tenantId: "acme", sourceId: "hubspot", provider: "hubspot", secrets: c.secrets, options: hubspot.optionsSchema.parse(c.options ?? {}) },
      { fetch },
    );
    expect({ name: c.name, ok: verdict.ok }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
});
