/**
 * "Secret digest" signatures: a plain hash (not an HMAC) of the shared secret concatenated with
 * request data, e.g. HubSpot signature v1 (sha256(secret + body)) and v2
 * (sha256(secret + method + uri + body)). The expected digest is compared with the received one in
 * constant time through crypto.subtle.verify under a one-off random HMAC key (never with ===), and
 * every active secret is tried (rotation).
 */
export type DigestHash = "SHA-256";

export async function verifySecretDigest(options: {
  secrets: readonly string[];
  hash: DigestHash;
  /** The digest the sender put in its header (already decoded from hex/base64). */
  received: Uint8Array;
  /** The bytes hashed for one secret, e.g. secret + body. */
  signed: (secret: string) => Uint8Array;
}): Promise<boolean> {
  // HMAC(k, received) == HMAC(k, expected) iff received == expected; verify compares in constant time.
  const key = (await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"])) as CryptoKey;
  for (const secret of options.secrets) {
    const expected = new Uint8Array(await crypto.subtle.digest(options.hash, options.signed(secret)));
    const mac = await crypto.subtle.sign("HMAC", key, expected);
    if (await crypto.subtle.verify("HMAC", key, mac, options.received)) return true;
  }
  return false;
}
