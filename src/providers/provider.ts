/**
 * The contract every provider file implements: pure functions over the raw request bytes.
 * `verify` decides authenticity (never parses JSON before the signature passed); `normalize` turns
 * a verified delivery into canonical events or says why it is ignored. Providers that need more
 * than "JSON error or JSON ack" (unsigned pings, an empty 401, a SOAP acknowledgement) say so with
 * `handshake`, `rejectionReply` and `ackReply`.
 */
import type { Retention } from "../retention/retention";
import type { z } from "zod";
import type { CanonicalEvent } from "../events/canonical";
import type { ProviderApi } from "./provider-api";
import type { TopicTable } from "./topics";

export interface InboundDelivery {
  body: Uint8Array;
  headers: Headers;
  method: string;
  /** The URL the request reached the Worker at (behind proxies this is not what the provider signed). */
  url: string;
  /** Milliseconds since the epoch at receipt, injected so verification is testable. */
  receivedAt: number;
}

export interface SourceConfig<Options = Record<string, unknown>> {
  tenantId: string;
  sourceId: string;
  provider: string;
  /** Active signing secrets, newest first; any of them verifies (rotation without downtime). */
  secrets: string[];
  options: Options;
  /** The tenant's retention settings, handed to entity objects with each event. */
  retention?: Retention;
  /** The source has a provider API connection (`api`): its thin events can be fetched. */
  hasApi?: boolean;
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** A reply the provider's protocol dictates, sent instead of the router's JSON. */
export interface ProviderReply {
  status: number;
  body: string | null;
  contentType?: string;
}

/** One canonical event and the key that recognises its redelivery. */
export interface NormalizedEvent {
  /** The provider's delivery/event id, or a key derived from kind + id + version where it has none. */
  deliveryId: string;
  event: CanonicalEvent;
}

export type Normalized =
  | { outcome: "events"; events: NormalizedEvent[] }
  | { outcome: "ignored"; deliveryId: string | null; topic: string; reason: string };

/** Services verification may need beyond the bytes (PayPal fetches its signing certificate). */
export interface VerifyServices {
  fetch: typeof fetch;
}

export interface Provider<Options extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: string;
  /**
   * The source's `options` (strict: unknown keys rejected), validated on
   * `PUT /v1/admin/tenants/{t}/sources/{s}`; an error names the field (422 invalid_request).
   */
  readonly optionsSchema: z.ZodType<Options>;
  /**
   * What each of its topics becomes (src/providers/topics.ts); "configured" when the source's
   * options declare the routes (standard-webhooks, generic-hmac).
   */
  readonly topics: TopicTable | "configured";
  /** The header that names the topic, when the protocol has one (quoted in refusal records). */
  readonly topicHeader?: string;
  /**
   * Requests answered before any signature check, for protocols whose handshake is unsigned
   * (WooCommerce's activation ping). Return null for everything else.
   */
  handshake?(delivery: InboundDelivery, source: SourceConfig<Options>): ProviderReply | null;
  verify(delivery: InboundDelivery, source: SourceConfig<Options>, services: VerifyServices): Promise<Verification>;
  /** Throws MalformedPayloadError when the verified body cannot be understood. */
  normalize(delivery: InboundDelivery, source: SourceConfig<Options>): Normalized;
  /** How to say "not verified" when the protocol dictates it (Xero: 401 with an empty body). */
  rejectionReply?(reason: string): ProviderReply;
  /**
   * How to acknowledge a verified delivery when the protocol dictates it (Xero intent-to-receive:
   * 200 empty; Salesforce: a SOAP Ack). Return null to use the router's JSON reply.
   */
  ackReply?(delivery: InboundDelivery, normalized: Normalized): ProviderReply | null;
  /**
   * How long an accepted event waits in its entity object before it is delivered (newer events of
   * the entity meanwhile supersede it): Odoo 17/18 call before their transaction commits, so the
   * record is read back only once it had time to commit. Absent or 0: delivered at once.
   */
  settleMs?(source: SourceConfig<Options>): number;
  /**
   * Option keys the router records itself (Odoo: the provisioned rules and the version): a
   * `PUT .../sources/{s}` that omits them (to rotate secrets, say) keeps the stored values.
   */
  readonly recordedOptions?: readonly string[];
  /**
   * The provider's API client (src/providers/<id>-api.ts), used with a source's `api` connection:
   * hydration of thin events, reconciliation, and writes back to the provider.
   */
  readonly api?: ProviderApi;
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

export function parseJson(body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  try {
    // The reviver runs on every value: pay for it only when a 16+ digit number may be present.
    return /\d{16}/.test(text) ? JSON.parse(text, keepBigIntegersExact as (k: string, v: unknown) => unknown) : JSON.parse(text);
  } catch (err) {
    // The reviver recurses: thousands of nested arrays overflow the stack (a RangeError).
    throw new MalformedPayloadError(err instanceof RangeError ? "body is nested too deeply" : "body is not valid JSON");
  }
}

export function parseJsonObject(body: Uint8Array): Record<string, unknown> {
  const parsed = parseJson(body);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new MalformedPayloadError("body is not a JSON object");
  }
  return parsed as Record<string, unknown>;
}
