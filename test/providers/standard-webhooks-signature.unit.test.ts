import { describe, expect, it } from "vitest";
import { standardWebhooks } from "../../src/providers/standard-webhooks";
import { standardWebhooksHeaders } from "../support/signing";

const SECRET = `whsec_${btoa("router-standard-webhooks-key-1")}`;
const body = '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1"}}';
const now = 1763647200;

async function verify(headers: Record<string, string>, options: Record<string, unknown> = {}, secrets = [SECRET], receivedAt = now * 1000) {
  return standardWebhooks.verify(
    { body: new TextEncoder().encode(body), headers: new Headers(headers), method: "POST", url: "https://router.test/", receivedAt },
    { tenantId: "acme", sourceId: "svix", provider: "standard-webhooks", secrets, options: standardWebhooks.optionsSchema.parse({ eventTypes: {}, ...options }) },
    { fetch },
  );
}

describe("Standard Webhooks signature", () => {
  it("keys the HMAC with the base64-decoded secret (the whsec_ string as UTF-8 does not verify)", async () => {
    expect(await verify(await standardWebhooksHeaders(body, SECRET, "msg_1", now))).toEqual({ ok: true });
    const utf8Keyed = await standardWebhooksHeaders(body, `whsec_${btoa(SECRET)}`, "msg_1", now);
    expect((await verify(utf8Keyed)).ok).toBe(false);
  });

  it("applies the source's tolerance in both directions, and 0 disables it", async () => {
    const old = await standardWebhooksHeaders(body, SECRET, "msg_1", now - 61);
    const future = await standardWebhooksHeaders(body, SECRET, "msg_1", now + 61);
    expect(await verify(old, { toleranceSeconds: 60 })).toEqual({ ok: false, reason: expect.stringContaining("old") });
    expect(await verify(future, { toleranceSeconds: 60 })).toEqual({ ok: false, reason: expect.stringContaining("future") });
    expect((await verify(old, { toleranceSeconds: 0 })).ok).toBe(true);
  });

  it("explains missing headers and a secret that is not base64", async () => {
    expect(await verify({})).toEqual({ ok: false, reason: "missing svix-id, svix-timestamp or svix-signature header" });
    const headers = await standardWebhooksHeaders(body, SECRET, "msg_1", now);
    expect(await verify({ ...headers, "webhook-id": "" })).toMatchObject({ ok: false, reason: expect.stringContaining("missing webhook-id") });
    expect(await verify(headers, {}, ["whsec_%%%not-base64"])).toEqual({ ok: false, reason: "no active secret is a base64 whsec_ signing secret" });
  });
});
