import { describe, expect, it } from "vitest";
import { woocommerce, wpSpecialcharsDecode } from "../../src/providers/woocommerce";
import type { SourceConfig } from "../../src/providers/provider";
import { wooSignature } from "../support/signing";
import product from "../fixtures/woocommerce/product-simple.json";

const body = JSON.stringify(product);
const services = { fetch };
const source = (secrets: string[]): SourceConfig<Record<string, never>> => ({ tenantId: "acme", sourceId: "woo", provider: "woocommerce", secrets, options: {} });
const delivery = (signature: string | null, raw = body) => ({
  body: new TextEncoder().encode(raw),
  headers: new Headers(signature === null ? { "x-wc-webhook-topic": "product.updated" } : { "x-wc-webhook-signature": signature, "x-wc-webhook-topic": "product.updated" }),
  method: "POST",
  url: "https://router.test/webhooks/acme/woo",
  receivedAt: Date.now(),
});

describe("WooCommerce signature (base64 HMAC-SHA256 of the raw body)", () => {
  it("accepts a body signed with the active secret", async () => {
    expect(await woocommerce.verify(delivery(await wooSignature(body, "wc-secret")), source(["wc-secret"]), services)).toEqual({ ok: true });
  });

  it("accepts the previous secret while both are configured (rotation)", async () => {
    expect((await woocommerce.verify(delivery(await wooSignature(body, "old")), source(["new", "old"]), services)).ok).toBe(true);
  });

  it("rejects one changed byte, another secret, a missing or a non-base64 header", async () => {
    const signature = await wooSignature(body, "wc-secret");
    expect((await woocommerce.verify(delivery(signature, body.replace('"id":794', '"id":795')), source(["wc-secret"]), services)).ok).toBe(false);
    expect((await woocommerce.verify(delivery(await wooSignature(body, "retired")), source(["wc-secret"]), services)).ok).toBe(false);
    expect(await woocommerce.verify(delivery(null), source(["wc-secret"]), services)).toEqual({ ok: false, reason: "missing X-WC-Webhook-Signature header" });
    expect((await woocommerce.verify(delivery("%%%"), source(["wc-secret"]), services)).ok).toBe(false);
  });

  it("keys the HMAC with the secret HTML-entity-decoded as WooCommerce does (wp_specialchars_decode, ENT_QUOTES)", async () => {
    // WooCommerce signs with wp_specialchars_decode($secret): a secret stored as `p&amp;ss&#039;w&quot;d`
    // signs as `p&ss'w"d`, whichever of the two forms the operator pasted into the source.
    const signature = await wooSignature(body, `p&ss'w"d`);
    expect((await woocommerce.verify(delivery(signature), source(["p&amp;ss&#039;w&quot;d"]), services)).ok).toBe(true);
    expect((await woocommerce.verify(delivery(signature), source([`p&ss'w"d`]), services)).ok).toBe(true);
  });

  it("decodes entities exactly like WordPress: padded numerics, one pass, unknown ones kept", () => {
    expect(wpSpecialcharsDecode("a&#0039;b&#x00027;c&#X26;d")).toBe("a'b'c&d");
    expect(wpSpecialcharsDecode("&amp;lt;")).toBe("&lt;"); // strtr does not re-scan what it replaced
    expect(wpSpecialcharsDecode("&lt;&gt;&#060;&#62;&#34;&#x22;")).toBe('<><>""');
    expect(wpSpecialcharsDecode("&nbsp;&eacute;&#65;")).toBe("&nbsp;&eacute;&#65;"); // not in WordPress's table
    expect(wpSpecialcharsDecode("plain-secret")).toBe("plain-secret");
  });
});
