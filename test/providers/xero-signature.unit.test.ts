import { describe, expect, it } from "vitest";
import { xero } from "../../src/providers/xero";
import type { SourceConfig } from "../../src/providers/provider";
import { hmacBase64 } from "../support/signing";
import contactUpdate from "../fixtures/xero/contact-update.json";

// Signed independently with Web Crypto (xero-node ships no signer). The webhook key is used as its
// UTF-8 string, not base64-decoded, as in Xero's own ITR examples.
const KEY = "OSd0eLlVIY9ZhViEqlDUh4+6n6M+Lo+eDaEJheJ6OCCgWwIz2D3JIAU6jPMipHRbgKTLz2uJ+xiACXGDBLrgdA==";
const body = JSON.stringify(contactUpdate);
const services = { fetch };
const source = (secrets: string[]): SourceConfig<{ tenantIds?: string[] }> => ({ tenantId: "acme", sourceId: "xero", provider: "xero", secrets, options: {} });
const delivery = (signature: string | null, raw = body) => ({
  body: new TextEncoder().encode(raw),
  headers: new Headers(signature === null ? {} : { "x-xero-signature": signature }),
  method: "POST",
  url: "https://router.test/webhooks/acme/xero",
  receivedAt: Date.now(),
});

describe("Xero x-xero-signature", () => {
  it("accepts a body signed with the webhook key (used as a string, not decoded)", async () => {
    expect(await xero.verify(delivery(await hmacBase64(KEY, body)), source([KEY]), services)).toEqual({ ok: true });
  });

  it("accepts the previous key while both are active (regenerated key)", async () => {
    expect(await xero.verify(delivery(await hmacBase64("old-key", body)), source(["new-key", "old-key"]), services)).toEqual({ ok: true });
  });

  it("rejects a body with one byte changed", async () => {
    const signature = await hmacBase64(KEY, body);
    const tampered = body.replace("UPDATE", "CREATE");
    expect((await xero.verify(delivery(signature, tampered), source([KEY]), services)).ok).toBe(false);
  });

  it("rejects another key, a missing header and a non-base64 header", async () => {
    expect((await xero.verify(delivery(await hmacBase64("other", body)), source([KEY]), services)).ok).toBe(false);
    expect((await xero.verify(delivery(null), source([KEY]), services)).ok).toBe(false);
    expect((await xero.verify(delivery("not*base64"), source([KEY]), services)).ok).toBe(false);
  });
});
