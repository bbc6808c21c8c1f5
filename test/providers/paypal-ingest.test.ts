import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, createTenant } from "../support/router";
import { putSource } from "../support/sources";
import { paypalSigner, sandboxCertUrl, signedPaypalDelivery, type PaypalSigner } from "../support/paypal";
import captureCompleted from "../fixtures/paypal/payment-capture-completed.json";

const WEBHOOK_ID = "4JH86294D6297924G";
let signer: PaypalSigner;
beforeAll(async () => {
  signer = await paypalSigner();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The router fetches PayPal certificates with the Worker's global fetch: serve them from here. */
function servePaypalCertificates(certs: Record<string, string>) {
  const original = globalThis.fetch;
  const requested: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith("https://api.sandbox.paypal.com/")) {
      requested.push(url);
      const pem = certs[url];
      return pem ? new Response(pem) : new Response("not found", { status: 404 });
    }
    return original(input, init);
  });
  return requested;
}

async function paypalSource() {
  const t = await createTenant();
  const response = await putSource(t, "paypal", { provider: "paypal", secrets: ["unused"], options: { webhookId: WEBHOOK_ID } });
  expect(response.status).toBe(201);
  return t;
}

const post = (tenant: string, signed: { body: string; headers: Record<string, string> }) =>
  call(`/webhooks/${tenant}/paypal`, { method: "POST", body: signed.body, headers: signed.headers });

describe("PayPal through the router", () => {
  it("verifies a signed capture with the certificate at paypal-cert-url and accepts it (202)", async () => {
    const t = await paypalSource();
    const certUrl = sandboxCertUrl();
    const requested = servePaypalCertificates({ [certUrl]: signer.pem });
    const signed = await signedPaypalDelivery({ signer, body: JSON.stringify(captureCompleted), webhookId: WEBHOOK_ID, certUrl });
    const response = await post(t.tenant, signed);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "accepted" });
    expect(requested).toEqual([certUrl]);
  });

  it("refuses a delivery whose cert URL is not a PayPal host, without fetching it (401)", async () => {
    const t = await paypalSource();
    const requested = servePaypalCertificates({});
    const signed = await signedPaypalDelivery({ signer, body: JSON.stringify(captureCompleted), webhookId: WEBHOOK_ID, certUrl: "https://certs.evil.test/CERT-1" });
    const spy = vi.mocked(globalThis.fetch);
    const response = await post(t.tenant, signed);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_signature", message: expect.stringContaining("not a PayPal certificate host") } });
    expect(requested).toEqual([]);
    expect(spy.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input))).not.toContain("https://certs.evil.test/CERT-1");
  });

  it("refuses a source without webhookId with 422 naming the field", async () => {
    const t = await createTenant();
    const response = await putSource(t, "paypal", { provider: "paypal", secrets: ["unused"], options: {} });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("options.webhookId") } });
  });
});
