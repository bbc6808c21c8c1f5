import { inject, it, expect } from "vitest";
import { github } from "../../src/providers/github";

it("the GitHub verifier agrees with @octokit/webhooks-methods' sign and verify, both ways", async () => {
  const cases = inject("sdkSignatures").github!;
  expect(Object.fromEntries(cases.map((c) => [c.name, c.sdkAccepts]))).toEqual({
    "signed by the SDK": true,
    "one byte of the body changed": false,
    "signed with another secret": false,
    "signed with the previous secret, both active": true,
    "a legacy SHA-1 signature in the SHA-256 header": false,
  });
  for (const c of cases) {
    const verdict = await github.verify(
      {
        body: new TextEncoder().encode(c.body),
        headers: new Headers(c.headers),
        method: "POST",
        url: "https://router.test/webhooks/acme/gh",
        receivedAt: c.receivedAt,
      },
      { tenantId: "acme", sourceId: "gh", provider: "github", secrets: c.secrets, options: {} },
      { fetch },
    );
    expect({ name: c.name, ok: verdict.ok }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
});
