/**
 * The contract every provider file implements: pure functions over the raw request bytes.
 * `verify` decides authenticity (never parses JSON before the signature passed); `normalize` turns
 * a verified delivery into canonical events or says why it is ignored.
 */
import type { CanonicalEvent } from "../events/canonical";

export interface InboundDelivery {
  body: Uint8Array;
  headers: Headers;
  /** Milliseconds since the epoch at receipt, injected so verification is testable. */
  receivedAt: number;
}

export interface SourceConfig {
  tenantId: string;
  sourceId: string;
  provider: string;
  /** Active signing secrets, newest first; any of them verifies (rotation without downtime). */
  secrets: string[];
  options: Record<string, unknown>;
}

export type Verification = { ok: true } | { ok: false; reason: string };

export type Normalized =
  | { outcome: "events"; deliveryId: string; events: CanonicalEvent[] }
  | { outcome: "ignored"; deliveryId: string | null; topic: string; reason: string };

export interface Provider {
  readonly id: string;
  verify(delivery: InboundDelivery, source: SourceConfig): Promise<Verification>;
  /** Throws MalformedPayloadError when the verified body cannot be understood. */
  normalize(delivery: InboundDelivery, source: SourceConfig): Normalized;
}

export class MalformedPayloadError extends Error {
  override readonly name = "MalformedPayloadError";
}

/**
 * Integers beyond 2^53 (Shopify's 64-bit ids, for one) would silently lose digits as JS numbers:
 * they are kept as their exact source text instead (JSON.parse source text access).
 */
function keepBigIntegersExact(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source) {
    return context.source;
  }
  return value;
}

export function parseJsonObject(body: Uint8Array): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body), keepBigIntegersExact as (k: string, v: unknown) => unknown);
  } catch {
    throw new MalformedPayloadError("body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new MalformedPayloadError("body is not a JSON object");
  }
  return parsed as Record<string, unknown>;
}
