/**
 * The API client of the generic providers (`standard-webhooks`, `generic-hmac`): a sender whose
 * webhooks only name the entity (a route with `thin: true`) is read back from a URL template, and
 * the route's own `fields` map the fetched object (json-routes.ts).
 *
 *   "api": { "fetchUrl": "https://api.example.com/v1/customers/{id}",
 *            "headers": { "x-api-key": "..." } | "bearerToken": "..." |
 *            "oauth2": { "tokenUrl", "clientId", "clientSecret", "refreshToken"?, "scope"? },
 *            "limits": { "calls": { "count": 10, "perSeconds": 1 }, "concurrent": 4 } }
 *
 * `{id}` is the thin event's id (URL-encoded). OAuth2 (RFC 6749): a refresh-token grant when
 * `refreshToken` is given (a rotated one is kept by the connection object), else client
 * credentials; the client authenticates in the body (client_secret_post, RFC 6749 §2.3.1).
 * There are no documented limits for "any sender": the connection declares its own (`limits`),
 * else at most 4 calls in flight.
 */
import * as z from "zod";
import type { CanonicalEvent } from "../events/canonical";
import { routeEvent, type Route } from "./json-routes";
import {
  ProviderApiError,
  type ApiSession,
  type Hydrated,
  type OAuth2Auth,
  type ProviderApi,
  type RateLimits,
  type StaticAuth,
  type ThinRef,
  type TokenGrant,
} from "./provider-api";
import { MalformedPayloadError } from "./provider";
import { grantOf, postTokenForm } from "./oauth2-token-form";

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "an HTTP header name");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const credentialsSchema = z
  .object({
    // Shown in the sources listing (publicFields): a credential belongs in `headers`, `bearerToken`
    // or `oauth2`, never in the URL.
    fetchUrl: httpUrl
      .refine((url) => url.includes("{id}") || url.includes("%7Bid%7D"), "must contain {id} (the thin event's id)")
      .refine((url) => !/^https?:\/\/[^/?#]*@/i.test(url), "must not carry a user or password: put credentials in headers, bearerToken or oauth2")
      .refine((url) => !/[?&](api[_-]?key|key|token|access[_-]?token|secret|password|signature|sig)=/i.test(url), "must not carry a key or token in its query: put credentials in headers, bearerToken or oauth2"),
    headers: z.record(headerName, z.string()).optional(),
    bearerToken: z.string().min(1).optional(),
    oauth2: z
      .object({
        tokenUrl: httpUrl,
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        refreshToken: z.string().min(1).optional(),
        scope: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    limits: z
      .object({
        calls: z.object({ count: z.number().int().min(1), perSeconds: z.number().positive() }).strict().optional(),
        concurrent: z.number().int().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => !(c.bearerToken && c.oauth2), { path: ["bearerToken"], message: "give bearerToken or oauth2, not both" });

export type GenericApiCredentials = z.infer<typeof credentialsSchema>;

const DEFAULT_LIMITS: RateLimits = { concurrent: 4 };

const staticAuth: StaticAuth<GenericApiCredentials> = {
  kind: "static",
  headers: (c) => ({ ...c.headers, ...(c.bearerToken ? { authorization: `Bearer ${c.bearerToken}` } : {}) }),
};

const oauth2Auth: OAuth2Auth<GenericApiCredentials> = {
  kind: "oauth2",
  initialRefreshToken: (c) => c.oauth2?.refreshToken ?? null,
  refresh: (fetch, c, refreshToken) => requestToken(fetch, c, refreshToken),
  headers: (c, accessToken) => ({ ...c.headers, authorization: `Bearer ${accessToken}` }),
};

/** The token endpoint (RFC 6749 §6 refresh, §4.4 client credentials); its error texts, never a token. */
export async function requestToken(fetch: typeof globalThis.fetch, c: GenericApiCredentials, refreshToken: string | null): Promise<TokenGrant> {
  const oauth2 = c.oauth2;
  if (!oauth2) throw new ProviderApiError("config", "the connection has no oauth2 settings");
  const what = "token endpoint";
  const body = await postTokenForm(fetch, {
    what,
    url: oauth2.tokenUrl,
    form: {
      ...(refreshToken ? { grant_type: "refresh_token", refresh_token: refreshToken } : { grant_type: "client_credentials" }),
      client_id: oauth2.clientId,
      client_secret: oauth2.clientSecret,
      ...(oauth2.scope ? { scope: oauth2.scope } : {}),
    },
    fix: "set new oauth2 credentials on the source",
  });
  // Without expires_in, assume an hour (a 401 refreshes earlier).
  return grantOf(body, what, 3600);
}

/** The routes of a generic source's options: standard-webhooks `eventTypes`, generic-hmac `routes`. */
function routesOf(options: Readonly<Record<string, unknown>> | undefined): Record<string, Route> {
  const routes = (options?.eventTypes ?? options?.routes) as Record<string, Route> | undefined;
  return routes ?? {};
}

function fetchUrlFor(c: GenericApiCredentials, externalId: string): string {
  return c.fetchUrl.replace(/\{id\}|%7Bid%7D/g, encodeURIComponent(externalId));
}

/** One fetched object as the route's canonical event: the route's fields, read from the fetched JSON. */
function hydratedEvent(provider: string, ref: ThinRef, route: Route, fetched: unknown, now: number): CanonicalEvent {
  const prefixed = (path: string) => `object.${path}`;
  const fields = route.fields ? Object.fromEntries(Object.entries(route.fields).map(([field, path]) => [field, prefixed(path)])) : undefined;
  const version = ref.version ?? now;
  return routeEvent({
    provider,
    eventType: ref.operation ?? ref.resource,
    route: {
      kind: route.kind,
      type: route.type,
      idPath: "id",
      versionPath: route.fetchedVersionPath ? prefixed(route.fetchedVersionPath) : undefined,
      ...(fields ? { fields } : {}),
    },
    // The id is the thin event's (the URL was built from it); the object is what was fetched.
    body: { id: ref.externalId, object: fetched },
    fallbackVersion: version,
    fallbackOccurredAt: new Date(Number.isFinite(version) && version > 1e11 ? version : now).toISOString(),
  });
}

/** The generic client for one provider id (the events it builds name that provider). */
export function genericApi(provider: "standard-webhooks" | "generic-hmac"): ProviderApi<GenericApiCredentials> {
  return {
    credentialsSchema,
    publicFields: ["fetchUrl", "limits"],
    defaultBaseUrl: (c) => new URL(c.fetchUrl.replace(/\{id\}/g, "id")).origin,
    auth: staticAuth,
    authFor: (c) => (c.oauth2 ? oauth2Auth : staticAuth),
    limits: DEFAULT_LIMITS,
    limitsOf: (c) => c.limits ?? DEFAULT_LIMITS,
    hydrates: ["customer", "product"],
    async hydrate(session: ApiSession, refs: ThinRef[]) {
      const c = session.credentials as GenericApiCredentials;
      const routes = routesOf(session.options);
      const results = new Map<string, Hydrated>();
      // No batch endpoint in a URL template: one call per object, through the gate.
      await Promise.all(
        refs.map(async (ref) => {
          const what = `${provider} ${ref.kind} ${ref.externalId}`;
          const route = ref.operation !== undefined && Object.hasOwn(routes, ref.operation) ? routes[ref.operation] : undefined;
          if (!route?.fields) {
            const error = new ProviderApiError("config", `${what}: the route "${ref.operation ?? ""}" has no fields to map the fetched object (set thin: true and fields)`);
            results.set(ref.externalId, { status: "failed", error });
            return;
          }
          try {
            // The path of the template: the connection's baseUrl (default the template's origin) is the host.
            const url = new URL(fetchUrlFor(c, ref.externalId));
            const answer = await session.request({ path: url.pathname + url.search, what });
            if (typeof answer.json !== "object" || answer.json === null || Array.isArray(answer.json)) {
              throw new ProviderApiError("data", `${what}: the fetched answer is not a JSON object`, answer.status);
            }
            results.set(ref.externalId, { status: "found", event: hydratedEvent(provider, ref, route, answer.json, Date.now()) });
          } catch (err) {
            if (err instanceof ProviderApiError && err.category === "not_found") results.set(ref.externalId, { status: "deleted" });
            else if (err instanceof ProviderApiError) results.set(ref.externalId, { status: "failed", error: err });
            else if (err instanceof MalformedPayloadError) results.set(ref.externalId, { status: "failed", error: new ProviderApiError("data", `${what}: ${err.message}`) });
            else throw err;
          }
        }),
      );
      return results;
    },
  };
}
