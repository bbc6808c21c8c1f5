// Shopify deliveries signed with @shopify/shopify-api's own test helper (getHmac).
import { getHmac } from "@shopify/shopify-api/test-helpers";
import type { SignedCase } from "./signed-case";

export async function sign(): Promise<SignedCase[]> {
  const body = JSON.stringify({ id: 5820982911946, updated_at: "2026-11-20T10:00:00Z", note: "café ☕" });
  const receivedAt = Date.parse("2026-11-20T10:00:05Z");
  const valid = getHmac(body, "shopify-secret");
  return [
    { name: "signed by the SDK", sdkAccepts: true, body, headers: { "x-shopify-hmac-sha256": valid }, secrets: ["shopify-secret"], receivedAt },
    {
      name: "one byte of the body changed",
      sdkAccepts: false,
      body: body.replace("5820982911946", "5820982911947"),
      headers: { "x-shopify-hmac-sha256": valid },
      secrets: ["shopify-secret"],
      receivedAt,
    },
    { name: "signed with another secret", sdkAccepts: false, body, headers: { "x-shopify-hmac-sha256": getHmac(body, "other") }, secrets: ["shopify-secret"], receivedAt },
  ];
}
