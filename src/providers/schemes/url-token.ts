/**
 * Shared-token authentication for providers that cannot sign their requests (Salesforce Outbound
 * Messaging) but let the receiver put a secret in the endpoint URL. The presented token is compared
 * with every active secret (rotation) in constant time: both sides are MACed under a random
 * per-isolate key and compared with crypto.subtle.verify, so neither the length nor the first
 * differing byte of a secret leaks through timing.
 */
let comparisonKey: Promise<CryptoKey> | null = null;

function key(): Promise<CryptoKey> {
  comparisonKey ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]) as Promise<CryptoKey>;
  return comparisonKey;
}

export async function tokenMatches(presented: string, secrets: readonly string[]): Promise<boolean> {
  const k = await key();
  const data = new TextEncoder().encode(presented);
  for (const secret of secrets) {
    const expected = await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(secret));
    if (await crypto.subtle.verify("HMAC", k, expected, data)) return true;
  }
  return false;
}

/** The value of one query parameter of the URL the request reached, or null. */
export function queryParam(url: string, name: string): string | null {
  try {
    return new URL(url).searchParams.get(name);
  } catch {
    return null;
  }
}
