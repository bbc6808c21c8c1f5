/**
 * The loop every `*-sdk-agreement` test runs: each delivery signed (or mis-signed) on the Node side
 * by the provider's own SDK (test/sdk-signers/, read with `inject("sdkSignatures")`) is verified by
 * the router's verifier, whose verdict must be the SDK's own, case by case, in both directions.
 */
import { expect } from "vitest";
import type { Provider, VerifyServices } from "../../src/providers/provider";
import type { SignedCase } from "../sdk-signers/signed-case";

/** The source a case is verified against (tenant "acme"; the provider and secrets come from the case). */
export interface AgreementSource<Options> {
  /** Also names the default request URL, https://router.test/webhooks/acme/<sourceId>. */
  sourceId: string;
  options: Options;
  /** What verify may call out to (PayPal fetches its certificate); default the global fetch. */
  services?: VerifyServices;
}

/**
 * Expects `provider.verify` to accept exactly the cases the SDK accepts. A disagreement names the
 * case, and where the router refused what the SDK accepts, the router's reason too.
 */
export async function expectVerifierAgreesWithSdk<Options extends Record<string, unknown>>(
  provider: Provider<Options>,
  cases: readonly SignedCase[],
  sourceFor: (c: SignedCase) => AgreementSource<Options>,
): Promise<void> {
  for (const c of cases) {
    const { sourceId, options, services = { fetch } } = sourceFor(c);
    const verdict = await provider.verify(
      {
        body: new TextEncoder().encode(c.body),
        headers: new Headers(c.headers),
        // Signers whose scheme covers the method or URL (HubSpot, Square) set them on the case.
        method: c.method ?? "POST",
        url: c.url ?? `https://router.test/webhooks/acme/${sourceId}`,
        receivedAt: c.receivedAt,
      },
      { tenantId: "acme", sourceId, provider: provider.id, secrets: c.secrets, options },
      services,
    );
    const why = !verdict.ok && c.sdkAccepts ? { reason: verdict.reason } : {}; // shown only on a disagreement
    expect({ name: c.name, ok: verdict.ok, ...why }).toEqual({ name: c.name, ok: c.sdkAccepts });
  }
}
