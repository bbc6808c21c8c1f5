/**
 * A provider API client's session against a provider fake, in plain Node (unit tests): the real
 * `createApiSession`, a gate that admits every call, and a token source that refreshes like the
 * connection object does (once per forced refresh, keeping a rotated refresh token).
 */
import { createApiSession, type RateGate, type TokenSource } from "../../src/connections/api-session";
import { authOf, type ApiSession, type ProviderApi } from "../../src/providers/provider-api";

export interface Fake {
  fetch(request: Request): Promise<Response>;
}

export const fetchVia =
  (fake: Fake): typeof globalThis.fetch =>
  (input, init) =>
    fake.fetch(new Request(input as RequestInfo, init));

/** Admits every call (the rate gate itself is tested with the connection object). */
export const openGate: RateGate = {
  async acquire() {
    return { async release() {} };
  },
};

export function tokenSourceOf(api: ProviderApi, credentials: Record<string, unknown>, fetch: typeof globalThis.fetch): TokenSource & { refreshes: () => number } {
  const auth = authOf(api, credentials);
  if (auth.kind !== "oauth2") throw new Error("not an OAuth2 connection");
  let refreshToken = auth.initialRefreshToken(credentials);
  let cached: string | null = null;
  let refreshes = 0;
  return {
    refreshes: () => refreshes,
    async accessToken(fresh) {
      if (cached && !fresh) return cached;
      refreshes += 1;
      const grant = await auth.refresh(fetch, credentials, refreshToken);
      if (grant.refreshToken) refreshToken = grant.refreshToken;
      cached = grant.accessToken;
      return cached;
    },
  };
}

export function sessionOn(fake: Fake, api: ProviderApi, credentials: Record<string, unknown>): ApiSession & { tokens: ReturnType<typeof tokenSourceOf> | null } {
  const fetch = fetchVia(fake);
  const tokens = authOf(api, credentials).kind === "oauth2" ? tokenSourceOf(api, credentials, fetch) : null;
  const session = createApiSession({ api, credentials, gate: openGate, fetch, ...(tokens ? { tokens } : {}) });
  return Object.assign(session, { tokens });
}

/** A control call of a fake (`/__fake/...` on the provider's host). */
export async function control<T = unknown>(fake: Fake, url: string, body?: unknown): Promise<T> {
  const response = await fake.fetch(
    new Request(url, body === undefined ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  if (!response.ok) throw new Error(`fake control ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const uniqueId = (prefix = ""): string => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
