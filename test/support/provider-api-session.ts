/**
 * A provider API client against its fake, in Node unit tests: `createApiSession` with the fake as
 * `fetch`, a gate that only counts, and a token source that refreshes one at a time and keeps the
 * rotated refresh token (what the connection Durable Object does in the Worker).
 */
import { createApiSession, type RateGate, type TokenSource } from "../../src/connections/api-session";
import type { ApiSession, ProviderApi } from "../../src/providers/provider-api";
import type { ProviderFake } from "./provider-fakes/provider-fake";

export const fetchOf = (fake: ProviderFake): typeof fetch => (input, init) => fake.fetch(new Request(input as RequestInfo, init));

/** Lets every call through (the fakes' own limits are tested with their counters). */
export const trivialGate: RateGate = { acquire: async () => ({ release: async () => {} }) };

/** Calls a fake's control endpoint (`/__fake/...`) and returns its JSON answer. */
export async function control<T = unknown>(fake: ProviderFake, url: string, body?: unknown): Promise<T> {
  const response = await fake.fetch(
    new Request(url, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface RotatingTokens extends TokenSource {
  /** The refresh token the next refresh will send (the rotated one once a refresh happened). */
  readonly refreshToken: string | null;
  readonly refreshes: number;
}

export function rotatingTokens(api: ProviderApi, credentials: Record<string, unknown>, fetch: typeof globalThis.fetch): RotatingTokens {
  if (api.auth.kind !== "oauth2") throw new Error("not an OAuth2 client");
  const auth = api.auth;
  let refreshToken = auth.initialRefreshToken(credentials);
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  let refreshes = 0;
  return {
    get refreshToken() {
      return refreshToken;
    },
    get refreshes() {
      return refreshes;
    },
    accessToken(fresh) {
      if (!fresh && cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.token);
      inFlight ??= (async () => {
        try {
          refreshes += 1;
          const grant = await auth.refresh(fetch, credentials, refreshToken);
          // Stored before the access token is used: the old one is spent.
          if (grant.refreshToken) refreshToken = grant.refreshToken;
          cached = { token: grant.accessToken, expiresAt: Date.now() + grant.expiresInSeconds * 1000 };
          return grant.accessToken;
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },
  };
}

export function sessionOn(fake: ProviderFake, api: ProviderApi, credentials: Record<string, unknown>): { session: ApiSession; tokens: RotatingTokens } {
  const fetch = fetchOf(fake);
  const tokens = rotatingTokens(api, credentials, fetch);
  return { session: createApiSession({ api, credentials, gate: trivialGate, tokens, fetch }), tokens };
}
