import { describe, expect, it } from "vitest";
import { shopify } from "../../src/providers/shopify";
import type { SourceConfig } from "../../src/providers/provider";
import { shopifyHmac } from "../support/signing";

const body = JSON.stringify({ id: 1, updated_at: "2026-11-20T10:00:00Z" });
const services = { fetch };
const source = (secrets: string[]): SourceConfig => ({
  tenantId: "acme",
  sourceId: "shop",
  provider: "shopify",
  secrets,
  options: {},
});
const delivery = (signature: string | null, raw = body) => ({
  body: new TextEncoder().encode(raw),
  headers: new Headers(signature === null ? {} : { "x-shopify-hmac-sha256": signature }),
  method: "POST",
  url: "https://router.test/webhooks/acme/shop",
  receivedAt: Date.now(),
});

describe("Shopify signature", () => {
  it("accepts a body signed with the active secret", async () => {
    const verdict = await shopify.verify(delivery(await shopifyHmac(body, "s1")), source(["s1"]), services);
    expect(verdict).toEqual({ ok: true });
  });

  it("accepts a body signed with the previous secret while both are active (rotation)", async () => {
    const verdict = await shopify.verify(delivery(await shopifyHmac(body, "old")), source(["new", "old"]), services);
    expect(verdict).toEqual({ ok: true });
  });

  it("rejects a body with one byte changed", async () => {
    const signature = await shopifyHmac(body, "s1");
    const verdict = await shopify.verify(delivery(signature, body.replace('"id":1', '"id":2')), source(["s1"]), services);
    expect(verdict.ok).toBe(false);
  });

  it("rejects a signature made with a secret that is not active", async () => {
    const verdict = await shopify.verify(delivery(await shopifyHmac(body, "retired")), source(["s1"]), services);
    expect(verdict.ok).toBe(false);
  });

  it("rejects a missing or non-base64 signature header", async () => {
    expect((await shopify.verify(delivery(null), source(["s1"]), services)).ok).toBe(false);
    expect((await shopify.verify(delivery("%%%not base64%%%"), source(["s1"]), services)).ok).toBe(false);
  });
});
