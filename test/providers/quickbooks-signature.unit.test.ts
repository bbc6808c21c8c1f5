import { describe, expect, it } from "vitest";
import { quickbooks } from "../../src/providers/quickbooks";
import type { SourceConfig } from "../../src/providers/provider";
import { hmacBase64 } from "../support/signing";
import cloudEvents from "../fixtures/quickbooks/cloudevents-routed.json";

// Signed independently with Web Crypto (Intuit ships no Node signer): base64 HMAC-SHA256 of the raw body
// with the verifier token as UTF-8.
const body = JSON.stringify(cloudEvents);
const services = { fetch };
const source = (secrets: string[]): SourceConfig<{ realmIds?: string[] }> => ({
  tenantId: "acme",
  sourceId: "qbo",
  provider: "quickbooks",
  secrets,
  options: {},
});
const delivery = (signature: string | null, raw = body) => ({
  body: new TextEncoder().encode(raw),
  headers: new Headers(signature === null ? {} : { "intuit-signature": signature }),
  method: "POST",
  url: "https://router.test/webhooks/acme/qbo",
  receivedAt: Date.now(),
});

describe("QuickBooks intuit-signature", () => {
  it("accepts a body signed with the verifier token", async () => {
    const verdict = await quickbooks.verify(delivery(await hmacBase64("verifier-1", body)), source(["verifier-1"]), services);
    expect(verdict).toEqual({ ok: true });
  });

  it("accepts a body signed with any active token (development and production apps, rotation)", async () => {
    const verdict = await quickbooks.verify(delivery(await hmacBase64("old", body)), source(["new", "old"]), services);
    expect(verdict).toEqual({ ok: true });
  });

  it("rejects a body with one byte changed", async () => {
    const signature = await hmacBase64("verifier-1", body);
    const tampered = body.replace('"intuitentityid":"58"', '"intuitentityid":"59"');
    expect(tampered).not.toBe(body);
    expect((await quickbooks.verify(delivery(signature, tampered), source(["verifier-1"]), services)).ok).toBe(false);
  });

  it("rejects a signature made with a token that is not active", async () => {
    const verdict = await quickbooks.verify(delivery(await hmacBase64("retired", body)), source(["verifier-1"]), services);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining("verifier token") });
  });

  it("rejects a missing or non-base64 intuit-signature", async () => {
    expect(await quickbooks.verify(delivery(null), source(["verifier-1"]), services)).toMatchObject({ ok: false, reason: expect.stringContaining("missing") });
    expect((await quickbooks.verify(delivery("%%% not base64"), source(["verifier-1"]), services)).ok).toBe(false);
  });
});
