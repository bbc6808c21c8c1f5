/**
 * Encryption at rest for provider secrets and Odoo API keys stored in D1 (AES-256-GCM, Web Crypto).
 * The key comes from the SECRETS_KEY secret binding, never from D1, so a copy of the database alone
 * reveals nothing. The additional data binds a ciphertext to its row (e.g. "source:acme/shop"), so a
 * ciphertext copied onto another row fails to decrypt.
 */
const VERSION = "v1";
const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(secretsKey: string): Promise<CryptoKey> {
  let key = keyCache.get(secretsKey);
  if (!key) {
    const raw = Uint8Array.from(atob(secretsKey), (c) => c.charCodeAt(0));
    if (raw.byteLength !== 32) throw new Error("SECRETS_KEY must be base64 of exactly 32 bytes");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keyCache.set(secretsKey, key);
  }
  return key;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function seal(secretsKey: string, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(plaintext);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await importKey(secretsKey),
    data,
  );
  return `${VERSION}:${toB64(iv)}:${toB64(new Uint8Array(sealed))}`;
}

export async function open(secretsKey: string, envelope: string, context: string): Promise<string> {
  const [version, iv, sealed] = envelope.split(":");
  if (version !== VERSION || !iv || !sealed) throw new Error("unknown secret envelope");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromB64(iv), additionalData: new TextEncoder().encode(context) },
    await importKey(secretsKey),
    fromB64(sealed),
  );
  return new TextDecoder().decode(plain);
}
