/**
 * HMAC verification shared by the providers that sign the body (or a string built from it) with a
 * shared secret. Comparison is crypto.subtle.verify, which is constant-time; every active secret is
 * tried so that a secret can be rotated without rejecting deliveries signed with the old one.
 */
export type HmacHash = "SHA-256" | "SHA-512";

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string, hash: HmacHash): Promise<CryptoKey> {
  const cacheKey = `${hash}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash }, false, [
      "sign",
      "verify",
    ]);
    if (keyCache.size > 1000) keyCache.clear(); // bounded: secrets are few, but never grow without limit
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function decodeBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export async function verifyHmac(options: {
  secrets: readonly string[];
  hash: HmacHash;
  signature: Uint8Array;
  signed: Uint8Array;
}): Promise<boolean> {
  for (const secret of options.secrets) {
    const key = await hmacKey(secret, options.hash);
    if (await crypto.subtle.verify("HMAC", key, options.signature, options.signed)) return true;
  }
  return false;
}

export function decodeHex(text: string): Uint8Array | null {
  const clean = text.trim();
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function concatBytes(...parts: (Uint8Array | string)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
