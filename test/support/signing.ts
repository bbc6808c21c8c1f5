/**
 * Test-side signing with Web Crypto: sign, never verify, with hex and base64 encoded by hand, so
 * that the deliveries are built by an implementation independent of the router's verifiers
 * (src/providers/schemes/). Used where a provider ships no SDK signer (WooCommerce, Zendesk,
 * QuickBooks, Xero, generic-hmac) and for end-to-end deliveries signed inside workerd, where the
 * provider SDKs do not run (the SDK-signed cases come from test/sdk-signers/, on the Node side).
 */
export type Hash = "SHA-256" | "SHA-512";

const utf8 = (value: string | Uint8Array) => (typeof value === "string" ? new TextEncoder().encode(value) : value);

/** HMAC of `message` keyed with `key` (a string key is used as its UTF-8 bytes, as every provider does). */
export async function hmacBytes(key: string | Uint8Array, message: string | Uint8Array, hash: Hash = "SHA-256"): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey("raw", utf8(key), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, utf8(message)));
}

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

export const hmacHex = async (key: string | Uint8Array, message: string | Uint8Array, hash: Hash = "SHA-256") =>
  toHex(await hmacBytes(key, message, hash));
export const hmacBase64 = async (key: string | Uint8Array, message: string | Uint8Array, hash: Hash = "SHA-256") =>
  toBase64(await hmacBytes(key, message, hash));

/** A plain SHA-256 digest in hex (HubSpot v1/v2 sign `secret + ...` this way, without HMAC). */
export const sha256Hex = async (message: string) => toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(message))));

// ---- As each provider signs (key first in the HMAC helpers above; here in each provider's own terms)

/** Shopify X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body. */
export const shopifyHmac = (body: string, secret: string) => hmacBase64(secret, body);

/** WooCommerce: base64 HMAC-SHA256 of the body, keyed with the (already entity-decoded) secret. */
export const wooSignature = (body: string, secret: string) => hmacBase64(secret, body);

/** Zendesk: base64 HMAC-SHA256 of timestamp + body. */
export const zendeskSignature = (timestamp: string, body: string, secret: string) => hmacBase64(secret, timestamp + body);

/** Square: base64 HMAC-SHA256 of the registered notification URL + body. */
export const squareSignature = (notificationUrl: string, body: string, key: string) => hmacBase64(key, notificationUrl + body);

/** HubSpot v3: base64 HMAC-SHA256 of method + uri + body + timestamp. */
export const hubspotV3Signature = (method: string, uri: string, body: string, timestamp: string, secret: string) =>
  hmacBase64(secret, method + uri + body + timestamp);

/** Stripe-Signature as Stripe builds it: t=<seconds>,v1=hex(HMAC(whole secret, `${t}.${body}`)). */
export async function stripeSignatureHeader(body: string, secret: string, t: number): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/** The three Standard Webhooks headers; the key is the base64-decoded `whsec_` secret. */
export async function standardWebhooksHeaders(body: string, secret: string, msgId: string, t: number): Promise<Record<string, string>> {
  const key = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(t),
    "webhook-signature": `v1,${await hmacBase64(key, `${msgId}.${t}.${body}`)}`,
  };
}

/** GitHub: sha256=hex(HMAC(secret, body)). */
export const githubSignature = async (body: string, secret: string) => `sha256=${await hmacHex(secret, body)}`;
