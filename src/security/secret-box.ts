/**
 * Encryption at rest for provider secrets and Odoo API keys stored in D1 (AES-256-GCM, Web Crypto).
 * The keys come from secret bindings, never from D1, so a copy of the database alone reveals
 * nothing. The additional data binds a ciphertext to its row (e.g. "source:acme/shop"), so a
 * ciphertext copied onto another row fails to decrypt.
 *
 * Rotation: every value names the key that sealed it (`v2:<keyId>:<iv>:<ciphertext>`). New values
 * are sealed with the current key (SECRETS_KEY, named by SECRETS_KEY_ID); values sealed with a
 * previous key (SECRETS_KEYS_PREVIOUS) still open, until the re-seal job (security/reseal.ts) has
 * moved them to the current key. Values sealed before key ids existed (`v1:<iv>:<ciphertext>`)
 * open with whichever configured key decrypts them (GCM authenticates, so a wrong key cannot
 * yield a wrong plaintext).
 */
const LEGACY = "v1";
const VERSION = "v2";
/** The key id assumed when SECRETS_KEY_ID is not set. */
export const DEFAULT_KEY_ID = "k1";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface SecretKey {
  id: string;
  key: Promise<CryptoKey>;
}

/** The current key (seals and opens) and the previous ones (open only), newest first. */
export interface KeyRing {
  current: SecretKey;
  previous: SecretKey[];
}

/** What the ring is built from: the env vars of the same names. */
export interface KeyRingVars {
  SECRETS_KEY: string;
  SECRETS_KEY_ID?: string;
  SECRETS_KEYS_PREVIOUS?: string;
}

/** A key configuration the router cannot use; the message names the variable and its format. */
export class SecretKeyConfigError extends Error {
  override name = "SecretKeyConfigError";
}

const rings = new WeakMap<object, KeyRing>();

/** The env's key ring, parsed and validated once per env object (a bad value fails loudly). */
export function keyRingOf(vars: KeyRingVars): KeyRing {
  let ring = rings.get(vars);
  if (!ring) rings.set(vars, (ring = parseKeyRing(vars)));
  return ring;
}

export function parseKeyRing(vars: KeyRingVars): KeyRing {
  const currentId = vars.SECRETS_KEY_ID?.trim() || DEFAULT_KEY_ID;
  if (!KEY_ID.test(currentId)) {
    throw new SecretKeyConfigError(`SECRETS_KEY_ID must be 1-32 characters of [A-Za-z0-9_-], got "${currentId}"`);
  }
  const current = { id: currentId, key: importKey(decodeKey(vars.SECRETS_KEY, "SECRETS_KEY")) };
  const previous: SecretKey[] = [];
  const entries = (vars.SECRETS_KEYS_PREVIOUS ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  const format = 'SECRETS_KEYS_PREVIOUS must be "id:base64,id:base64" (ids of [A-Za-z0-9_-], keys base64 of 32 bytes)';
  entries.forEach((entry, i) => {
    const at = entry.indexOf(":");
    const id = at > 0 ? entry.slice(0, at) : "";
    if (!KEY_ID.test(id)) throw new SecretKeyConfigError(`${format}: entry ${i + 1} has no valid id`);
    if (id === currentId || previous.some((p) => p.id === id)) {
      throw new SecretKeyConfigError(`${format}: key id "${id}" is used twice (SECRETS_KEY_ID is "${currentId}")`);
    }
    previous.push({ id, key: importKey(decodeKey(entry.slice(at + 1), `SECRETS_KEYS_PREVIOUS (key "${id}")`)) });
  });
  return { current, previous };
}

function decodeKey(value: string | undefined, variable: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = Uint8Array.from(atob((value ?? "").trim()), (c) => c.charCodeAt(0));
  } catch {
    throw new SecretKeyConfigError(`${variable} must be base64 of exactly 32 bytes (openssl rand -base64 32): it is not base64`);
  }
  if (raw.byteLength !== 32) {
    throw new SecretKeyConfigError(`${variable} must be base64 of exactly 32 bytes (openssl rand -base64 32), got ${raw.byteLength} bytes`);
  }
  return raw;
}

function importKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function seal(ring: KeyRing, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await ring.current.key,
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}:${ring.current.id}:${toB64(iv)}:${toB64(new Uint8Array(sealed))}`;
}

export async function open(ring: KeyRing, envelope: string, context: string): Promise<string> {
  const parts = envelope.split(":");
  if (parts[0] === VERSION && parts.length === 4) {
    const [, keyId, iv, sealed] = parts as [string, string, string, string];
    const key = [ring.current, ...ring.previous].find((k) => k.id === keyId);
    if (!key) {
      throw new Error(`secret sealed with key id "${keyId}", which is neither SECRETS_KEY_ID nor in SECRETS_KEYS_PREVIOUS`);
    }
    return decrypt(await key.key, iv, sealed, context);
  }
  if (parts[0] === LEGACY && parts.length === 3) {
    const [, iv, sealed] = parts as [string, string, string];
    let failure: unknown;
    for (const key of [ring.current, ...ring.previous]) {
      try {
        return await decrypt(await key.key, iv, sealed, context);
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }
  throw new Error("unknown secret envelope");
}

/** The id of the key that sealed a value; null for a value sealed before key ids existed. */
export function keyIdOf(envelope: string): string | null {
  const parts = envelope.split(":");
  return parts[0] === VERSION && parts.length === 4 ? parts[1]! : null;
}

/** The prefix every value sealed with the current key starts with (for SQL `LIKE`). */
export const currentPrefix = (ring: KeyRing) => `${VERSION}:${ring.current.id}:`;

async function decrypt(key: CryptoKey, iv: string, sealed: string, context: string): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromB64(iv), additionalData: new TextEncoder().encode(context) },
    key,
    fromB64(sealed),
  );
  return new TextDecoder().decode(plain);
}
