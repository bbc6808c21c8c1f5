import { describe, expect, it } from "vitest";
import { square } from "../../src/providers/square";
import type { SourceConfig } from "../../src/providers/provider";
import { squareSignature } from "../support/signing";
import refund from "../fixtures/square/refund-updated.json";

const NOTIFICATION_URL = "https://hooks.example.test/square?tenant=acme";
const body = JSON.stringify(refund);
const services = { fetch };
const source = (secrets: string[]): SourceConfig<{ publicUrl: string }> => ({ tenantId: "acme", sourceId: "square", provider: "square", secrets, options: { publicUrl: NOTIFICATION_URL } });
const delivery = (signature: string | null, raw = body) => ({
  body: new TextEncoder().encode(raw),
  headers: new Headers(signature === null ? {} : { "x-square-hmacsha256-signature": signature }),
  method: "POST",
  url: "https://router.test/webhooks/acme/square",
  receivedAt: Date.now(),
});

describe("Square signature (base64 HMAC-SHA256 of notification URL + body)", () => {
  it("signs the configured publicUrl (query included), never the URL the Worker was reached at", async () => {
    expect(await square.verify(delivery(await squareSignature(NOTIFICATION_URL, body, "key")), source(["key"]), services)).toEqual({ ok: true });
    expect((await square.verify(delivery(await squareSignature("https://router.test/webhooks/acme/square", body, "key")), source(["key"]), services)).ok).toBe(false);
    expect((await square.verify(delivery(await squareSignature("https://hooks.example.test/square", body, "key")), source(["key"]), services)).ok).toBe(false);
  });

  it("accepts the previous signature key during a rotation; rejects another key, a changed byte, a missing header", async () => {
    expect((await square.verify(delivery(await squareSignature(NOTIFICATION_URL, body, "old")), source(["new", "old"]), services)).ok).toBe(true);
    expect((await square.verify(delivery(await squareSignature(NOTIFICATION_URL, body, "other")), source(["key"]), services)).ok).toBe(false);
    const signature = await squareSignature(NOTIFICATION_URL, body, "key");
    expect((await square.verify(delivery(signature, body.replace('"version":10', '"version":11')), source(["key"]), services)).ok).toBe(false);
    expect(await square.verify(delivery(null), source(["key"]), services)).toEqual({ ok: false, reason: "missing x-square-hmacsha256-signature header" });
  });

  it("requires the publicUrl option and rejects unknown options", () => {
    expect(square.optionsSchema.safeParse({}).success).toBe(false);
    expect(square.optionsSchema.safeParse({ publicUrl: "/relative" }).success).toBe(false);
    expect(square.optionsSchema.safeParse({ publicUrl: NOTIFICATION_URL, currency: "USD" }).success).toBe(false);
    expect(square.optionsSchema.parse({ publicUrl: NOTIFICATION_URL })).toEqual({ publicUrl: NOTIFICATION_URL });
  });
});
