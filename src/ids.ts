/**
 * Identifiers the router mints. Event ids sort by creation time (a ULID body), so "newest first"
 * and cursors are plain string comparisons in D1.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encodeBase32(value: bigint, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** 48 bits of milliseconds then 80 random bits, Crockford base32 (the ULID layout). */
export function newUlid(now = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(10));
  let r = 0n;
  for (const byte of random) r = (r << 8n) | BigInt(byte);
  return encodeBase32(BigInt(now), 10) + encodeBase32(r, 16);
}

export const newEventId = (now?: number) => `evt_${newUlid(now)}`;
export const newRequestId = () => `req_${newUlid()}`;

/** 32 random bytes, base64url: used for API tokens shown once. */
export function newSecretToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return prefix + base64UrlEncode(bytes);
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Tenant and source ids appear in URLs and in entity object names: keep them plain. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
