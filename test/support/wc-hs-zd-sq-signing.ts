/**
 * Test-side signing with Web Crypto, independent of the router's verifiers (sign, not verify;
 * base64 by hand): used where a provider ships no SDK signer (WooCommerce, Zendesk) and for
 * end-to-end deliveries signed inside workerd.
 */
export async function hmacBase64(secret: string, message: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = typeof message === "string" ? new TextEncoder().encode(message) : message;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  return btoa(String.fromCharCode(...mac));
}

/** WooCommerce: base64 HMAC-SHA256 of the body, keyed with the (already entity-decoded) secret. */
export const wooSignature = (body: string, secret: string) => hmacBase64(secret, body);

/** Zendesk: base64 HMAC-SHA256 of timestamp + body. */
export const zendeskSignature = (timestamp: string, body: string, secret: string) => hmacBase64(secret, timestamp + body);

/** Square: base64 HMAC-SHA256 of the registered notification URL + body. */
export const squareSignature = (notificationUrl: string, body: string, key: string) => hmacBase64(key, notificationUrl + body);

/** HubSpot v3: base64 HMAC-SHA256 of method + uri + body + timestamp. */
export const hubspotV3Signature = (method: string, uri: string, body: string, timestamp: string, secret: string) =>
  hmacBase64(secret, method + uri + body + timestamp);
