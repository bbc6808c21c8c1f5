import { describe, expect, it } from "vitest";
import { zendesk } from "../../src/providers/zendesk";
import type { SourceConfig } from "../../src/providers/provider";
import { zendeskSignature } from "../support/signing";
import ticket from "../fixtures/zendesk/ticket-created.json";

const body = JSON.stringify(ticket);
const NOW = Date.parse("2026-05-20T10:00:00Z");
const services = { fetch };
const source = (secrets: string[], toleranceSeconds = 300): SourceConfig<{ toleranceSeconds: number }> => ({
  tenantId: "acme",
  sourceId: "zendesk",
  provider: "zendesk",
  secrets,
  options: { toleranceSeconds },
});
const delivery = (headers: Record<string, string>, raw = body) => ({
  body: new TextEncoder().encode(raw),
  headers: new Headers(headers),
  method: "POST",
  url: "https://router.test/webhooks/acme/zendesk",
  receivedAt: NOW,
});
const signed = async (secret: string, timestamp = "2026-05-20T09:59:58Z", raw = body) => ({
  "x-zendesk-webhook-signature": await zendeskSignature(timestamp, raw, secret),
  "x-zendesk-webhook-signature-timestamp": timestamp,
});

describe("Zendesk signature (base64 HMAC-SHA256 of timestamp + body)", () => {
  it("accepts a delivery signed with the webhook's signing secret, and the previous one during rotation", async () => {
    expect(await zendesk.verify(delivery(await signed("zd-secret")), source(["zd-secret"]), services)).toEqual({ ok: true });
    expect((await zendesk.verify(delivery(await signed("old")), source(["new", "old"]), services)).ok).toBe(true);
  });

  it("rejects one changed byte, another secret, and a signature over body + timestamp (the other order)", async () => {
    const headers = await signed("zd-secret");
    expect((await zendesk.verify(delivery(headers, body.replace("35436", "35437")), source(["zd-secret"]), services)).ok).toBe(false);
    expect((await zendesk.verify(delivery(await signed("retired")), source(["zd-secret"]), services)).ok).toBe(false);
    const reversed = { ...headers, "x-zendesk-webhook-signature": await zendeskSignature("", body + headers["x-zendesk-webhook-signature-timestamp"], "zd-secret") };
    expect((await zendesk.verify(delivery(reversed), source(["zd-secret"]), services)).ok).toBe(false);
  });

  it("binds the timestamp: a signature replayed with another timestamp fails", async () => {
    const headers = await signed("zd-secret");
    const moved = { ...headers, "x-zendesk-webhook-signature-timestamp": "2026-05-20T09:59:59Z" };
    expect((await zendesk.verify(delivery(moved), source(["zd-secret"]), services)).ok).toBe(false);
  });

  it("refuses timestamps beyond toleranceSeconds in the past or the future; 0 disables the check", async () => {
    const old = await signed("zd-secret", "2026-05-20T09:54:59Z");
    const ahead = await signed("zd-secret", "2026-05-20T10:05:01Z");
    expect(await zendesk.verify(delivery(old), source(["zd-secret"]), services)).toMatchObject({ ok: false, reason: expect.stringContaining("old") });
    expect(await zendesk.verify(delivery(ahead), source(["zd-secret"]), services)).toMatchObject({ ok: false, reason: expect.stringContaining("future") });
    expect((await zendesk.verify(delivery(old), source(["zd-secret"], 0), services)).ok).toBe(true);
    expect((await zendesk.verify(delivery(await signed("zd-secret", "yesterday")), source(["zd-secret"]), services)).ok).toBe(false);
  });

  it("verifies an empty body (GET/DELETE webhooks) over the timestamp alone", async () => {
    expect((await zendesk.verify(delivery(await signed("zd-secret", "2026-05-20T09:59:58Z", ""), ""), source(["zd-secret"]), services)).ok).toBe(true);
  });

  it("rejects missing headers with a reason naming them", async () => {
    const headers = await signed("zd-secret");
    expect(await zendesk.verify(delivery({ "x-zendesk-webhook-signature": headers["x-zendesk-webhook-signature"] }), source(["zd-secret"]), services)).toEqual({
      ok: false,
      reason: "missing X-Zendesk-Webhook-Signature-Timestamp header",
    });
    expect((await zendesk.verify(delivery({}), source(["zd-secret"]), services)).ok).toBe(false);
  });

  it("options: toleranceSeconds defaults to 300, unknown options are rejected", () => {
    expect(zendesk.optionsSchema.parse({})).toEqual({ toleranceSeconds: 300 });
    expect(zendesk.optionsSchema.safeParse({ tolerance: 5 }).success).toBe(false);
    expect(zendesk.optionsSchema.safeParse({ toleranceSeconds: -1 }).success).toBe(false);
  });
});
