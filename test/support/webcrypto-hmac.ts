/**
 * Test-side HMAC signing with Web Crypto (sign, never verify; hex and base64 encoded by hand), an
 * implementation independent of the router's verifiers. Used for generic-hmac (no SDK exists) and
 * to sign end-to-end deliveries inside workerd, where the provider SDKs do not run.
 */
export type Hash = "SHA-256" | "SHA-512";

export async function hmacBytes(key: string | Uint8Array, message: string | Uint8Array, hash: Hash = "SHA-256"): Promise<Uint8Array> {
  const raw = typeof key === "string" ? new TextEncoder().encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash }, false, ["sign"]);
  const bytes = typeof message === "string" ? new TextEncoder().encode(message) : message;
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, bytes));
}

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

export const hmacHex = async (key: string | Uint8Array, message: string | Uint8Array, hash: Hash = "SHA-256") =>
  toHex(await hmacBytes(key, message, hash));
export const hmacB64 = async (key: string | Uint8Array, message: string | Uint8Array, hash: Hash = "SHA-256") =>
  toBase64(await hmacBytes(key, message, hash));

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
    "webhook-signature": `v1,${await hmacB64(key, `${msgId}.${t}.${body}`)}`,
  };
}

/** GitHub: sha256=hex(HMAC(secret, body)). */
export const githubSignature = async (body: string, secret: string) => `sha256=${await hmacHex(secret, body)}`;
