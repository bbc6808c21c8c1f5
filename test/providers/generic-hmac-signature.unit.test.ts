/**
 * generic-hmac has no SDK: deliveries are signed here with Web Crypto (test/support/signing.ts),
 * independently of the verifier, in the shapes real senders use.
 */
import { describe, expect, it } from "vitest";
import { genericHmac } from "../../src/providers/generic-hmac";
import { hmacBase64, hmacHex } from "../support/signing";

const body = '{"id":25,"date_modified_gmt":"2017-03-21T19:09:30","first_name":"Zoë"}';
const now = 1763647200;
const woo = { signatureHeader: "X-WC-Webhook-Signature", algorithm: "SHA-256", encoding: "base64", signedTemplate: "{body}", eventTypeHeader: "X-WC-Webhook-Topic", routes: {} };
const slackLike = {
  signatureHeader: "X-Slack-Signature",
  algorithm: "SHA-256",
  encoding: "hex",
  signaturePrefix: "v0=",
  signedTemplate: "v0:{timestamp}:{body}",
  timestampHeader: "X-Slack-Request-Timestamp",
  eventTypePath: "type",
  routes: {},
};

async function verify(options: Record<string, unknown>, headers: Record<string, string>, secrets = ["s3cret"], raw = body, extra: { method?: string; url?: string } = {}) {
  return genericHmac.verify(
    {
      body: new TextEncoder().encode(raw),
      headers: new Headers(headers),
      method: extra.method ?? "POST",
      url: extra.url ?? "https://router.test/webhooks/acme/any",
      receivedAt: now * 1000,
    },
    { tenantId: "acme", sourceId: "any", provider: "generic-hmac", secrets, options: genericHmac.optionsSchema.parse(options) },
    { fetch },
  );
}

describe("generic-hmac signature", () => {
  it("verifies a base64 HMAC-SHA256 of the body (WooCommerce's scheme), with rotation", async () => {
    const signature = await hmacBase64("old-secret", body);
    expect(await verify(woo, { "x-wc-webhook-signature": signature }, ["new-secret", "old-secret"])).toEqual({ ok: true });
    expect((await verify(woo, { "x-wc-webhook-signature": signature }, ["new-secret"])).ok).toBe(false);
    expect((await verify(woo, { "x-wc-webhook-signature": signature }, ["old-secret"], body.replace("Zoë", "Zoe"))).ok).toBe(false);
  });

  it("verifies a prefixed hex signature over a signed timestamp template, within the tolerance both ways", async () => {
    const sign = async (t: number) => ({ "x-slack-signature": `v0=${await hmacHex("s3cret", `v0:${t}:${body}`)}`, "x-slack-request-timestamp": String(t) });
    expect(await verify(slackLike, await sign(now - 10))).toEqual({ ok: true });
    expect(await verify(slackLike, await sign(now - 301))).toMatchObject({ ok: false, reason: expect.stringContaining("old") });
    expect(await verify(slackLike, await sign(now + 301))).toMatchObject({ ok: false, reason: expect.stringContaining("future") });
    expect((await verify({ ...slackLike, toleranceSeconds: 0 }, await sign(now - 86_400))).ok).toBe(true);
    // The timestamp is signed: moving it invalidates the signature.
    const headers = await sign(now - 10);
    expect((await verify(slackLike, { ...headers, "x-slack-request-timestamp": String(now) })).ok).toBe(false);
    expect(await verify(slackLike, { "x-slack-signature": headers["x-slack-signature"] })).toEqual({ ok: false, reason: "missing X-Slack-Request-Timestamp header" });
  });

  it("reads millisecond timestamps when timestampUnit is ms", async () => {
    const t = now * 1000 - 5000;
    const options = { ...slackLike, timestampUnit: "ms" };
    const headers = { "x-slack-signature": `v0=${await hmacHex("s3cret", `v0:${t}:${body}`)}`, "x-slack-request-timestamp": String(t) };
    expect(await verify(options, headers)).toEqual({ ok: true });
  });

  it("signs {method}, {url} (publicUrl when set) and {header:<name>} exactly, with SHA-512", async () => {
    const options = {
      signatureHeader: "X-Signature",
      algorithm: "SHA-512",
      encoding: "base64",
      signedTemplate: "{method}\n{url}\n{header:X-Request-Id}\n{body}",
      publicUrl: "https://hooks.example.test/in?tenant=acme",
      eventTypePath: "type",
      routes: {},
    };
    const signed = `POST\nhttps://hooks.example.test/in?tenant=acme\nreq-42\n${body}`;
    const headers = { "x-signature": await hmacBase64("s3cret", signed, "SHA-512"), "x-request-id": "req-42" };
    expect(await verify(options, headers)).toEqual({ ok: true });
    expect((await verify(options, { ...headers, "x-request-id": "req-43" })).ok).toBe(false);
    expect(await verify(options, { "x-signature": headers["x-signature"] })).toMatchObject({ ok: false, reason: expect.stringContaining("X-Request-Id") });
    expect((await verify({ ...options, publicUrl: undefined }, headers)).ok).toBe(false); // the Worker's own URL was not signed
  });

  it("explains a missing header, a wrong prefix and an undecodable or wrong-length digest", async () => {
    expect(await verify(woo, {})).toEqual({ ok: false, reason: "missing X-WC-Webhook-Signature header" });
    expect(await verify(slackLike, { "x-slack-signature": "v1=00", "x-slack-request-timestamp": String(now) })).toMatchObject({ ok: false, reason: expect.stringContaining('"v0="') });
    expect(await verify(woo, { "x-wc-webhook-signature": "%%%" })).toMatchObject({ ok: false, reason: expect.stringContaining("base64 SHA-256") });
    expect((await verify(woo, { "x-wc-webhook-signature": await hmacBase64("s3cret", body, "SHA-512") })).ok).toBe(false);
  });
});
