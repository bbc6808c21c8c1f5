/**
 * The HMAC-in-a-header scheme most providers use: a header carries the digest (hex or base64,
 * optionally after a prefix such as "sha256=") of bytes built from the request. `readSignature`
 * and `matchesSecret` are the cores (generic-hmac composes them with its template and timestamp);
 * `hmacOverBody` is the whole scheme when the signed bytes are the raw body (Shopify, QuickBooks,
 * Xero, GitHub), so those providers declare their verification instead of writing it.
 */
import { decodeBase64, decodeHex, verifyHmac, type HmacHash } from "./hmac";
import type { InboundDelivery, SourceConfig, Verification } from "../provider";

export interface HmacHeaderScheme {
  /** The header, spelled as the provider's docs do (it is quoted in refusal reasons). */
  header: string;
  hash: HmacHash;
  encoding: "hex" | "base64";
  /** Text before the digest ("sha256="), compared case-insensitively. */
  prefix?: string;
  /** What the provider calls the secret ("verifier token"), for the reason of a mismatch. */
  secretName?: string;
}

const DIGEST_BYTES: Record<HmacHash, number> = { "SHA-256": 32, "SHA-512": 64 };

/** The digest the header carries, or why there is none. */
export function readSignature(scheme: HmacHeaderScheme, headers: Headers): { ok: true; signature: Uint8Array } | { ok: false; reason: string } {
  const value = headers.get(scheme.header)?.trim();
  if (!value) return { ok: false, reason: `missing ${scheme.header} header` };
  const prefix = scheme.prefix ?? "";
  if (!value.toLowerCase().startsWith(prefix.toLowerCase())) return { ok: false, reason: `${scheme.header} does not start with "${prefix}"` };
  const encoded = value.slice(prefix.length);
  const signature = scheme.encoding === "hex" ? decodeHex(encoded) : decodeBase64(encoded);
  if (!signature || signature.byteLength !== DIGEST_BYTES[scheme.hash]) {
    return { ok: false, reason: `${scheme.header} is not a ${scheme.encoding} ${scheme.hash} digest` };
  }
  return { ok: true, signature };
}

/** Whether any active secret signs `signed` to `signature` (constant-time, schemes/hmac.ts). */
export async function matchesSecret(scheme: HmacHeaderScheme, secrets: readonly string[], signature: Uint8Array, signed: Uint8Array): Promise<Verification> {
  const ok = await verifyHmac({ secrets, hash: scheme.hash, signature, signed });
  return ok ? { ok: true } : { ok: false, reason: `signature does not match any active ${scheme.secretName ?? "secret"}` };
}

/** The provider's `verify` for an HMAC of the raw body. */
export function hmacOverBody(scheme: HmacHeaderScheme) {
  return async (delivery: InboundDelivery, source: Pick<SourceConfig, "secrets">): Promise<Verification> => {
    const read = readSignature(scheme, delivery.headers);
    if (!read.ok) return read;
    return matchesSecret(scheme, source.secrets, read.signature, delivery.body);
  };
}
