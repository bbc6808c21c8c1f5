import { describe, expect, it } from "vitest";
import { woocommerce } from "../../src/providers/woocommerce";
import type { SourceConfig } from "../../src/providers/provider";
import { call, createTenant } from "../support/router";
import { putSource } from "../support/sources";

const source: SourceConfig<Record<string, never>> = { tenantId: "acme", sourceId: "woo", provider: "woocommerce", secrets: ["s"], options: {} };
const request = (body: string, headers: Record<string, string> = {}, method = "POST") => ({
  body: new TextEncoder().encode(body),
  headers: new Headers({ "content-type": "application/x-www-form-urlencoded", ...headers }),
  method,
  url: "https://router.test/webhooks/acme/woo",
  receivedAt: Date.now(),
});

describe("WooCommerce activation ping", () => {
  it("answers the unsigned `webhook_id=<digits>` ping with exactly 200", () => {
    expect(woocommerce.handshake!(request("webhook_id=42"), source)).toMatchObject({ status: 200 });
  });

  it("answers nothing else before verification: other bodies, signed requests, other methods", () => {
    for (const body of ["webhook_id=", "webhook_id=42&x=1", "webhook_id=abc", " webhook_id=42", "webhook_id=42\n", '{"webhook_id":42}', ""]) {
      expect(woocommerce.handshake!(request(body), source)).toBeNull();
    }
    expect(woocommerce.handshake!(request("webhook_id=42", { "x-wc-webhook-signature": "abc=" }), source)).toBeNull();
    expect(woocommerce.handshake!(request("webhook_id=42", {}, "PUT"), source)).toBeNull();
  });

  it("through the router: the ping gets 200, any other unsigned request 401", async () => {
    const t = await createTenant();
    expect((await putSource(t, "woo", { provider: "woocommerce", secrets: ["wc-secret"] })).status).toBe(201);
    const post = (body: string, headers: Record<string, string> = {}) =>
      call(`/webhooks/${t.tenant}/woo`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });

    expect((await post("webhook_id=17")).status).toBe(200);
    const unsigned = await post('{"id":1}', { "content-type": "application/json", "x-wc-webhook-topic": "order.created" });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: "invalid_signature" } });
    expect((await post("webhook_id=17&evil=1")).status).toBe(401);
  });
});
