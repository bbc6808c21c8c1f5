/**
 * The Standard Webhooks symmetric signature scheme (also Svix's, and BigCommerce's):
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 * ("Signature scheme", "Webhook headers") and the reference verifier `standardwebhooks@1.1.1`.
 *
 * - Key: the secret with its optional `whsec_` prefix removed, then base64-DECODED (unlike Stripe
 *   and the UTF-8 keys of schemes/hmac.ts).
 * - Signed content: `${webhook-id}.${webhook-timestamp}.${raw body}`, HMAC-SHA256.
 * - Header: a space-separated list of `<version>,<base64 signature>`; only `v1` is symmetric HMAC
 *   (`v1a` is ed25519 and skipped). During a key rotation the sender puts one `v1` per key.
 *
 * Comparison is crypto.subtle.verify (constant-time); every active secret is tried against every
 * `v1` signature, so rotation works on both sides.
 */
import { concatBytes, decodeBase64 } from "./hmac";

const SECRET_PREFIX = "whsec_";
const keyCache = new Map<string, Promise<CryptoKey>>();

/** The HMAC key bytes of a `whsec_<base64>` (or bare base64) secret; null when it is not base64. */
export function standardWebhooksKeyBytes(secret: string): Uint8Array | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = decodeBase64(encoded);
  return bytes && bytes.byteLength > 0 ? bytes : null;
}

function key(secret: string, bytes: Uint8Array): Promise<CryptoKey> {
  let cached = keyCache.get(secret);
  if (!cached) {
    cached = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(secret, cached);
  }
  return cached;
}

/** The decoded `v1` signatures of a `webhook-signature` header (others and undecodable ones skipped). */
export function v1Signatures(header: string): Uint8Array[] {
  const signatures: Uint8Array[] = [];
  for (const item of header.trim().split(/\s+/)) {
    const comma = item.indexOf(",");
    if (comma < 0 || item.slice(0, comma) !== "v1") continue;
    const decoded = decodeBase64(item.slice(comma + 1));
    if (decoded && decoded.byteLength > 0) signatures.push(decoded);
  }
  return signatures;
}

export type StandardVerdict = "match" | "no-match" | "no-usable-secret";

export async function verifyStandardWebhookSignature(options: {
  secrets: readonly string[];
  msgId: string;
  timestamp: string;
  body: Uint8Array;
  signatures: readonly Uint8Array[];
}): Promise<StandardVerdict> {
  const signed = concatBytes(`${options.msgId}.${options.timestamp}.`, options.body);
  let usable = 0;
  for (const secret of options.secrets) {
    const bytes = standardWebhooksKeyBytes(secret);
    if (!bytes) continue;
    usable++;
    const hmacKey = await key(secret, bytes);
    for (const signature of options.signatures) {
      if (await crypto.subtle.verify("HMAC", hmacKey, signature, signed)) return "match";
    }
  }
  return usable === 0 ? "no-usable-secret" : "no-match";
}

/**
 * Signs an outbound message (the alert webhook): the `webhook-signature` header value for
 * `${msgId}.${timestamp}.${body}` with a `whsec_` secret, as the spec's reference signer does.
 */
export async function signStandardWebhook(secret: string, msgId: string, timestamp: number, body: string): Promise<string> {
  const bytes = standardWebhooksKeyBytes(secret);
  if (!bytes) throw new Error("the signing secret is not whsec_<base64>");
  const signingKey = await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", signingKey, concatBytes(`${msgId}.${timestamp}.`, new TextEncoder().encode(body))));
  return `v1,${btoa(String.fromCharCode(...mac))}`;
}
