/** Values as the router sealed them before key ids (secret-box v1), to prove they still open. */
/** The envelope the router wrote before key ids: v1:<iv>:<ciphertext>. */
export async function sealV1(keyB64: string, plaintext: string, context: string): Promise<string> {
  const raw = Uint8Array.from(atob(keyB64), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) }, key, new TextEncoder().encode(plaintext));
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  return `v1:${b64(iv)}:${b64(new Uint8Array(sealed))}`;
}
