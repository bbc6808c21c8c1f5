import { describe, expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe";
import type { SourceConfig } from "../../src/providers/provider";
import { stripeSignatureHeader } from "../support/signing";

const SECRET = "whsec_router_test_6a1f0c9d2e8b4a7f";
const body = JSON.stringify({ id: "evt_1", object: "event", type: "customer.updated", created: 1763647200 });
const t = 1763647200;
const source = (secrets = [SECRET], toleranceSeconds = 300): SourceConfig<{ toleranceSeconds: number }> => ({
  tenantId: "acme",
  sourceId: "stripe",
  provider: "stripe",
  secrets,
  options: { toleranceSeconds },
});
const verify = (header: string | null, receivedAt = (t + 1) * 1000, s = source(), raw = body) =>
  stripe.verify(
    {
      body: new TextEncoder().encode(raw),
      headers: new Headers(header === null ? {} : { "stripe-signature": header }),
      method: "POST",
      url: "https://router.test/webhooks/acme/stripe",
      receivedAt,
    },
    s,
    { fetch },
  );

describe("Stripe signature", () => {
  it("keys the HMAC with the whole whsec_ string as UTF-8 (not base64-decoded)", async () => {
    expect(await verify(await stripeSignatureHeader(body, SECRET, t))).toEqual({ ok: true });
    const decodedKey = atob("cm91dGVyX3Rlc3Q="); // what a base64-decoding verifier would use
    expect((await verify(await stripeSignatureHeader(body, decodedKey, t))).ok).toBe(false);
  });

  it("rejects timestamps older than the source's tolerance, and not before", async () => {
    const header = await stripeSignatureHeader(body, SECRET, t);
    expect((await verify(header, (t + 60) * 1000, source([SECRET], 60))).ok).toBe(true);
    const old = await verify(header, (t + 61) * 1000, source([SECRET], 60));
    expect(old).toEqual({ ok: false, reason: expect.stringContaining("old") });
  });

  it("explains a missing header, a header without t= or without v1=", async () => {
    expect(await verify(null)).toEqual({ ok: false, reason: "missing Stripe-Signature header" });
    expect((await verify("v1=abcd")).ok).toBe(false);
    expect(await verify(`t=${t}`)).toEqual({ ok: false, reason: "Stripe-Signature has no v1 signature" });
  });
});
