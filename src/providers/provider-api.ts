/**
 * The contract a provider's API client implements (beside its webhook module, in
 * `src/providers/<name>-api.ts`): how to authenticate, the documented rate limits, how to read the
 * objects behind thin events (hydration) and how to list what changed (reconciliation).
 *
 * Clients never call `fetch` themselves: every call goes through an `ApiSession`
 * (src/connections/api-session.ts), which adds the credentials, waits for the connection's rate gate,
 * refreshes an expired OAuth2 token once, bounds and parses the answer, and turns every failure into
 * a classed `ProviderApiError`. So a client is only the provider's paths and wire format.
 */
import type * as z from "zod";
import type { CanonicalEvent, EntityKind } from "../events/canonical";
import type { NormalizedEvent } from "./provider";

/** How an API failure is handled: the same classes as Odoo's errors, decided once per provider shape. */
export type ApiErrorCategory =
  /** worth retrying later (5xx, timeouts, 429, a throttled GraphQL answer) */
  | "transient"
  /** the credentials are refused or a refresh failed: the source's events wait until an admin fixes it */
  | "auth"
  /** the object does not exist (404/410): for hydration, "deleted upstream" */
  | "not_found"
  /** the provider answered something that is not what its API documents (HTML, garbage, a huge page) */
  | "data"
  /** the connection is set up wrongly (a missing scope, an unknown realm/shop) */
  | "config";

export class ProviderApiError extends Error {
  override readonly name = "ProviderApiError";
  constructor(
    readonly category: ApiErrorCategory,
    message: string,
    readonly status: number | null = null,
    /** From `Retry-After` (or the provider's own signal), when it said how long to wait. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A path under the connection's base URL ("/v3/company/123/query"), or an absolute URL on the same host. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON (content-type set). */
  json?: unknown;
  /** Sent as-is (form bodies: set the content-type header yourself). */
  body?: string;
  /** Rate-gate cost of this call (Shopify GraphQL: the query's requested cost); 1 by default. */
  cost?: number;
  /** What the call is, for error messages ("QuickBooks Invoice 130"). */
  what: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (null for 204). */
  json: unknown;
}

/** One authenticated, rate-gated connection to a provider's API (one per source with `api`). */
export interface ApiSession {
  /** The connection's `baseUrl`, or the provider's production host. Never ends with "/". */
  readonly baseUrl: string;
  /** The connection's settings as stored (`api` of the source), secrets included: never log it. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /**
   * The source's webhook `options`, for clients that read routing configured per source (the
   * generic providers' routes); set by openSession.
   */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Throws ProviderApiError for every non-2xx answer (404/410 -> not_found) and for bodies that are not JSON. */
  request(call: ApiRequest): Promise<ApiResponse>;
}

/** Documented limits of one connection (per shop, realm, tenant, portal...); the rate gate keeps within them. */
export interface RateLimits {
  /** At most this many calls started per window. */
  calls?: { count: number; perSeconds: number };
  /** At most this many calls in flight at once. */
  concurrent?: number;
  /** A leaky cost bucket (Shopify GraphQL): `size` points, restored at `restorePerSecond`. */
  costBucket?: { size: number; restorePerSecond: number };
}

/** What a response says about the provider's own rate state, beyond a 429 (read after every call). */
export interface RateSignal {
  /** Wait this long before the next call (Retry-After, a THROTTLED GraphQL answer). */
  retryAfterSeconds?: number;
  /** The cost bucket's state as the provider reports it (Shopify `extensions.cost.throttleStatus`). */
  bucket?: { available: number; size: number; restorePerSecond: number };
}

/** Credentials that are sent as they are (a token header, Basic auth). */
export interface StaticAuth<C> {
  kind: "static";
  headers(credentials: C): Record<string, string>;
}

/** The answer of a token endpoint. */
export interface TokenGrant {
  accessToken: string;
  /** Seconds the access token lives (the cache keeps it until a minute before). */
  expiresInSeconds: number;
  /** The rotated refresh token when the provider issued one (QuickBooks, Xero: every refresh). */
  refreshToken: string | null;
}

/**
 * OAuth2 with a refresh token (or client credentials). Refreshes are serialized per source in the
 * connection's Durable Object, and a rotated refresh token is stored before the access token is used.
 */
export interface OAuth2Auth<C> {
  kind: "oauth2";
  /** The refresh token the admin configured (null for client-credentials grants). */
  initialRefreshToken(credentials: C): string | null;
  /** Calls the token endpoint (`fetch` is the plain runtime fetch, `tokenUrl` may honour `baseUrl` for test doubles). */
  refresh(fetch: typeof globalThis.fetch, credentials: C, refreshToken: string | null): Promise<TokenGrant>;
  headers(credentials: C, accessToken: string): Record<string, string>;
}

/** The entity a thin event names, to be read from the provider. */
export interface ThinRef {
  kind: EntityKind;
  externalId: string;
  /** The provider's resource name from the thin event ("Invoice", "contacts", "v1.billing.meter"). */
  resource: string;
  /** The thin event's own type or operation ("order.updated"), for clients that route by it (generic routes). */
  operation?: string;
  /** The thin event's version, for clients whose fetched object carries none of its own. */
  version?: number;
}

export type Hydrated =
  /** The object now, as a full canonical event of the same kind and externalId (its own version). */
  | { status: "found"; event: CanonicalEvent }
  /** The provider says it no longer exists (404/410, absent from a batch read, `Active=false` deletions). */
  | { status: "deleted" }
  /** This one could not be read (the others of the batch stand): per-object reads report their own failure. */
  | { status: "failed"; error: ProviderApiError };

export interface ChangeWindow {
  /** Epoch ms, inclusive: the watermark minus the provider's overlap. */
  since: number;
  /** Epoch ms, exclusive. */
  until: number;
  /** The provider's cursor for the next page, null for the first. */
  cursor: string | null;
}

export interface ChangePage {
  /** Full canonical events of what changed, each with a delivery id stable for the same version. */
  events: NormalizedEvent[];
  /** null when the window is exhausted. */
  cursor: string | null;
}

export interface ProviderApi<C extends Record<string, unknown> = Record<string, unknown>> {
  /** The `api` object of `PUT .../sources/{s}` (strict; an optional `baseUrl` is always accepted). */
  readonly credentialsSchema: z.ZodType<C>;
  /**
   * Keys of the `api` object that are not secret (a shop, a realm id, a client id, a subdomain):
   * the sources listing shows them beside `baseUrl`. Every other key is never shown.
   */
  readonly publicFields?: readonly string[];
  /** The production host (no trailing slash) when the connection sets no `baseUrl`. */
  defaultBaseUrl(credentials: C): string;
  readonly auth: StaticAuth<C> | OAuth2Auth<C>;
  /** How a given connection authenticates, when that depends on its settings (generic APIs); `auth` otherwise. */
  authFor?(credentials: C): StaticAuth<C> | OAuth2Auth<C>;
  /** The provider's documented limits for one connection (cite the doc in the client). */
  readonly limits: RateLimits;
  /**
   * Limits one connection declares itself (a generic API with no documented limits of its own);
   * `limits` otherwise.
   */
  limitsOf?(credentials: C): RateLimits;
  /** Reads the provider's rate state from any answer (2xx included). */
  rateSignal?(response: ApiResponse): RateSignal | null;
  /**
   * Reads the objects behind thin events, batched where the API allows (one call per batch of up to
   * the API's maximum). Returns one entry per ref's externalId; a ref left out is an error.
   */
  hydrate?(session: ApiSession, refs: ThinRef[]): Promise<Map<string, Hydrated>>;
  /** The resources `hydrate` can read (thin events of other resources stay ignored with their reason). */
  readonly hydrates?: readonly string[];
  /** One page of what changed in the window, oldest first where the API allows. */
  listChanges?(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage>;
  /** How far back `listChanges` can reach (Stripe events, QuickBooks CDC: 30 days); null = no limit. */
  readonly changeHorizonDays?: number | null;
  /** Overlap subtracted from the watermark (provider clock skew, indexing lag). */
  readonly changeOverlapSeconds?: number;
}

/** How this connection authenticates (`authFor` when the provider has it). */
export function authOf(api: ProviderApi, credentials: Record<string, unknown>): StaticAuth<Record<string, unknown>> | OAuth2Auth<Record<string, unknown>> {
  return api.authFor?.(credentials) ?? api.auth;
}
