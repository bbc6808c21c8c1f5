import { beforeAll, describe, expect, it } from "vitest";
import { paypal } from "../../src/providers/paypal";
import type { SourceConfig } from "../../src/providers/provider";
import { certificateServer, paypalSigner, sandboxCertUrl, signedPaypalDelivery, type PaypalSigner } from "../support/paypal";
import captureCompleted from "../fixtures/paypal/payment-capture-completed.json";

const WEBHOOK_ID = "8PT597110X687430LKGECATA";
const body = JSON.stringify(captureCompleted);
type Options = { webhookId: string; toleranceSeconds?: number };
const source = (options: Partial<Options> = {}): SourceConfig<Options> => ({
  tenantId: "acme",
  sourceId: "paypal",
  provider: "paypal",
  secrets: ["unused"],
  options: { webhookId: WEBHOOK_ID, ...options },
});
const toDelivery = (signed: { body: string; headers: Record<string, string> }, receivedAt = Date.now()) => ({
  body: new TextEncoder().encode(signed.body),
  headers: new Headers(signed.headers),
  method: "POST",
  url: "https://router.test/webhooks/acme/paypal",
  receivedAt,
});

let signer: PaypalSigner;
beforeAll(async () => {
  signer = await paypalSigner();
});

/** A signed delivery whose certificate is served by a fake PayPal; every fetch is recorded. */
async function setup(overrides: { body?: string; webhookId?: string; transmissionTime?: string; certUrl?: string; signer?: PaypalSigner } = {}) {
  const certUrl = overrides.certUrl ?? sandboxCertUrl();
  const server = certificateServer({ [certUrl]: (overrides.signer ?? signer).pem });
  const signed = await signedPaypalDelivery({
    signer: overrides.signer ?? signer,
    body: overrides.body ?? body,
    webhookId: overrides.webhookId ?? WEBHOOK_ID,
    certUrl,
    transmissionTime: overrides.transmissionTime,
  });
  return { signed, server, certUrl };
}

describe("PayPal transmission signature (SHA256withRSA over id|time|webhookId|crc32)", () => {
  it("accepts a delivery signed with the key of the certificate at paypal-cert-url", async () => {
    const { signed, server, certUrl } = await setup();
    expect(await paypal.verify(toDelivery(signed), source(), server)).toEqual({ ok: true });
    expect(server.requested).toEqual([certUrl]);
  });

  it("rejects a delivery whose body differs by one byte", async () => {
    const { signed, server } = await setup();
    const tampered = { ...signed, body: signed.body.replace('"value":"2.51"', '"value":"2.52"') };
    expect(tampered.body).not.toBe(signed.body);
    expect(await paypal.verify(toDelivery(tampered), source(), server)).toMatchObject({ ok: false, reason: expect.stringContaining("signature does not match") });
  });

  it("rejects a delivery signed for another webhook id", async () => {
    const { signed, server } = await setup({ webhookId: "0EX12345AB678901C" });
    expect((await paypal.verify(toDelivery(signed), source(), server)).ok).toBe(false);
  });

  it("rejects a certificate URL outside PayPal's hosts without fetching it", async () => {
    for (const certUrl of [
      "https://api.paypal.com.evil.test/v1/notifications/certs/CERT-1",
      "https://evil.test/v1/notifications/certs/CERT-1",
      "http://api.paypal.com/v1/notifications/certs/CERT-1",
      "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
      "https://user@api.paypal.com/v1/notifications/certs/CERT-1",
    ]) {
      const { signed, server } = await setup({ certUrl });
      const verdict = await paypal.verify(toDelivery(signed), source(), server);
      expect({ certUrl, ok: verdict.ok }).toEqual({ certUrl, ok: false });
      expect(server.requested).toEqual([]);
    }
  });

  it("rejects a transmission time older than toleranceSeconds, and accepts it when the check is disabled", async () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const { signed, server } = await setup({ transmissionTime: old });
    expect(await paypal.verify(toDelivery(signed), source(), server)).toMatchObject({ ok: false, reason: expect.stringContaining("old") });
    expect(server.requested).toEqual([]); // refused before any fetch
    expect(await paypal.verify(toDelivery(signed), source({ toleranceSeconds: 0 }), server)).toEqual({ ok: true });
  });

  it("rejects a transmission time too far in the future", async () => {
    const { signed, server } = await setup({ transmissionTime: new Date(Date.now() + 10 * 60_000).toISOString() });
    expect((await paypal.verify(toDelivery(signed), source(), server)).ok).toBe(false);
  });

  it("rejects a missing header and an algorithm other than SHA256withRSA", async () => {
    const { signed, server } = await setup();
    const { ["paypal-transmission-sig"]: _sig, ...withoutSig } = signed.headers;
    expect(await paypal.verify(toDelivery({ ...signed, headers: withoutSig }), source(), server)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("paypal-transmission-sig"),
    });
    const sha1 = { ...signed, headers: { ...signed.headers, "paypal-auth-algo": "SHA1withRSA" } };
    expect((await paypal.verify(toDelivery(sha1), source(), server)).ok).toBe(false);
  });

  it("fetches a certificate once per URL and reuses it", async () => {
    const { signed, server, certUrl } = await setup();
    await paypal.verify(toDelivery(signed), source(), server);
    const again = await signedPaypalDelivery({ signer, body, webhookId: WEBHOOK_ID, certUrl });
    expect(await paypal.verify(toDelivery(again), source(), server)).toEqual({ ok: true });
    expect(server.requested).toEqual([certUrl]);
  });

  it("does not cache a failed certificate fetch", async () => {
    const certUrl = sandboxCertUrl();
    const signed = await signedPaypalDelivery({ signer, body, webhookId: WEBHOOK_ID, certUrl });
    const down = certificateServer({});
    expect(await paypal.verify(toDelivery(signed), source(), down)).toMatchObject({ ok: false, reason: expect.stringContaining("404") });
    const up = certificateServer({ [certUrl]: signer.pem });
    expect(await paypal.verify(toDelivery(signed), source(), up)).toEqual({ ok: true });
  });

  it("rejects a certificate outside its validity period", async () => {
    const expired = await paypalSigner({ notBefore: Date.now() - 3 * 86_400_000, notAfter: Date.now() - 86_400_000 });
    const { signed, server } = await setup({ signer: expired });
    expect(await paypal.verify(toDelivery(signed), source(), server)).toMatchObject({ ok: false, reason: expect.stringContaining("validity") });
  });

  it("rejects a signature made with a key other than the certificate's", async () => {
    const other = await paypalSigner();
    const certUrl = sandboxCertUrl();
    const signed = await signedPaypalDelivery({ signer: other, body, webhookId: WEBHOOK_ID, certUrl });
    const server = certificateServer({ [certUrl]: signer.pem });
    expect((await paypal.verify(toDelivery(signed), source(), server)).ok).toBe(false);
  });
});

describe("PayPal source options", () => {
  it("requires webhookId and refuses unknown keys", () => {
    expect(paypal.optionsSchema.safeParse({}).success).toBe(false);
    expect(paypal.optionsSchema.safeParse({ webhookId: WEBHOOK_ID }).success).toBe(true);
    expect(paypal.optionsSchema.safeParse({ webhookId: WEBHOOK_ID, toleranceSeconds: 60 }).success).toBe(true);
    expect(paypal.optionsSchema.safeParse({ webhookId: "WH id with spaces" }).success).toBe(false);
    expect(paypal.optionsSchema.safeParse({ webhookId: WEBHOOK_ID, certHost: "x" }).success).toBe(false);
  });
});
