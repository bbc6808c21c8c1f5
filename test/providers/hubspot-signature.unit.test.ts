import { describe, expect, it } from "vitest";
import { hubspot, signedUri } from "../../src/providers/hubspot";
import type { SourceConfig } from "../../src/providers/provider";
import { hubspotV3Signature, sha256Hex } from "../support/signing";

const PUBLIC_URL = "https://hooks.example.test/hubspot";
const body = '[{"eventId":1,"subscriptionId":2,"portalId":3,"occurredAt":1779271200000,"subscriptionType":"contact.creation","objectId":4}]';
const NOW = Date.parse("2026-05-20T10:00:00Z");
const services = { fetch };

const source = (secrets: string[], options: Record<string, unknown> = {}): SourceConfig<ReturnType<typeof hubspot.optionsSchema.parse>> => ({
  tenantId: "acme",
  sourceId: "hubspot",
  provider: "hubspot",
  secrets,
  options: hubspot.optionsSchema.parse({ publicUrl: PUBLIC_URL, ...options }),
});
const delivery = (headers: Record<string, string>, url = "https://router.test/webhooks/acme/hubspot") => ({
  body: new TextEncoder().encode(body),
  headers: new Headers(headers),
  method: "POST",
  url,
  receivedAt: NOW,
});
const v3 = async (secret: string, timestamp = NOW - 1000, uri = PUBLIC_URL) => ({
  "x-hubspot-signature-v3": await hubspotV3Signature("POST", uri, body, String(timestamp), secret),
  "x-hubspot-request-timestamp": String(timestamp),
});

describe("HubSpot signature v3", () => {
  it("signs the configured publicUrl, never the URL/Host the Worker was reached at", async () => {
    expect((await hubspot.verify(delivery(await v3("s1")), source(["s1"]), services)).ok).toBe(true);
    const signedForHost = await v3("s1", NOW - 1000, "https://router.test/webhooks/acme/hubspot");
    expect((await hubspot.verify(delivery(signedForHost), source(["s1"]), services)).ok).toBe(false);
  });

  it("accepts the previous client secret while both are configured (rotation)", async () => {
    expect((await hubspot.verify(delivery(await v3("old")), source(["new", "old"]), services)).ok).toBe(true);
  });

  it("refuses a timestamp older than toleranceSeconds (default 300 s); 0 disables the check", async () => {
    const old = await v3("s1", NOW - 301_000);
    expect(await hubspot.verify(delivery(old), source(["s1"]), services)).toMatchObject({ ok: false, reason: expect.stringContaining("old") });
    expect((await hubspot.verify(delivery(old), source(["s1"], { toleranceSeconds: 0 }), services)).ok).toBe(true);
    expect((await hubspot.verify(delivery(old), source(["s1"], { toleranceSeconds: 600 }), services)).ok).toBe(true);
  });

  it("refuses a missing or non-numeric timestamp, and a signature over another timestamp", async () => {
    const headers = await v3("s1");
    expect((await hubspot.verify(delivery({ "x-hubspot-signature-v3": headers["x-hubspot-signature-v3"] }), source(["s1"]), services)).ok).toBe(false);
    expect((await hubspot.verify(delivery({ ...headers, "x-hubspot-request-timestamp": "soon" }), source(["s1"]), services)).ok).toBe(false);
    expect((await hubspot.verify(delivery({ ...headers, "x-hubspot-request-timestamp": String(NOW - 999) }), source(["s1"]), services)).ok).toBe(false);
  });

  it("uses the request's query string with HubSpot's documented escapes decoded", () => {
    expect(signedUri(PUBLIC_URL, "https://router.test/x?a=1%3A2%2F3%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%26")).toBe(
      `${PUBLIC_URL}?a=1:2/3?@!$'()*,;&b=%20%26`,
    );
    expect(signedUri(`${PUBLIC_URL}?kept=1`, "https://router.test/x")).toBe(`${PUBLIC_URL}?kept=1`);
    expect(signedUri(`${PUBLIC_URL}?kept=1`, "https://router.test/x?sent=2")).toBe(`${PUBLIC_URL}?sent=2`);
    expect(signedUri(PUBLIC_URL, "https://router.test/x?a=%3a", false)).toBe(`${PUBLIC_URL}?a=%3a`);
  });
});

describe("HubSpot legacy signatures v1/v2", () => {
  const v1 = async (secret: string) => ({ "x-hubspot-signature": await sha256Hex(secret + body), "x-hubspot-signature-version": "v1" });

  it("are refused unless the source sets acceptLegacySignatures", async () => {
    const verdict = await hubspot.verify(delivery(await v1("s1")), source(["s1"]), services);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining("acceptLegacySignatures") });
    expect((await hubspot.verify(delivery(await v1("s1")), source(["s1"], { acceptLegacySignatures: true }), services)).ok).toBe(true);
  });

  it("v2 signs secret + method + publicUrl + body; rotation applies; v3 wins when both headers are sent", async () => {
    const v2 = { "x-hubspot-signature": await sha256Hex(`oldPOST${PUBLIC_URL}${body}`), "x-hubspot-signature-version": "v2" };
    expect((await hubspot.verify(delivery(v2), source(["new", "old"], { acceptLegacySignatures: true }), services)).ok).toBe(true);
    // A bad v3 header is not rescued by a good legacy one.
    const both = { ...v2, "x-hubspot-signature-v3": "AAAA", "x-hubspot-request-timestamp": String(NOW) };
    expect((await hubspot.verify(delivery(both), source(["old"], { acceptLegacySignatures: true }), services)).ok).toBe(false);
  });

  it("refuses an unknown version or a non-hex digest", async () => {
    const options = { acceptLegacySignatures: true };
    expect((await hubspot.verify(delivery({ "x-hubspot-signature": "ab", "x-hubspot-signature-version": "v9" }), source(["s1"], options), services)).ok).toBe(false);
    expect((await hubspot.verify(delivery({ "x-hubspot-signature": "zz", "x-hubspot-signature-version": "v1" }), source(["s1"], options), services)).ok).toBe(false);
  });
});

describe("HubSpot source options", () => {
  it("require publicUrl and reject unknown keys", () => {
    expect(hubspot.optionsSchema.safeParse({}).success).toBe(false);
    expect(hubspot.optionsSchema.safeParse({ publicUrl: "not a url" }).success).toBe(false);
    expect(hubspot.optionsSchema.safeParse({ publicUrl: PUBLIC_URL, secret: "x" }).success).toBe(false);
    expect(hubspot.optionsSchema.parse({ publicUrl: PUBLIC_URL })).toEqual({ publicUrl: PUBLIC_URL, acceptLegacySignatures: false, toleranceSeconds: 300 });
  });
});
