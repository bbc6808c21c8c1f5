// Shared by the QuickBooks and Xero fakes (not a fake itself): per-account state for an OAuth2
// provider whose refresh tokens are single-use and rotate on every refresh, whose access tokens
// expire, and whose API counts calls per account against documented limits.
//
// Token endpoint (both providers): POST form `grant_type=refresh_token&refresh_token=...` with
// `Authorization: Basic base64(client_id:client_secret)` -> `{access_token, expires_in,
// refresh_token, token_type}`; a used, unknown or revoked refresh token -> 400
// `{"error":"invalid_grant"}`; wrong client credentials -> 401 `{"error":"invalid_client"}`.

export const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

let counter = 0;
const token = (prefix) => `${prefix}-${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const sleep = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * @param {{ prefix: string, accessTokenSeconds?: number, limits: { perMinute?: number, perSecond?: number, concurrent?: number, perDay?: number } }} options
 */
export function createAccounts(options) {
  /** account id -> state */
  const accounts = new Map();
  /** refresh token -> { account, used } */
  const refreshTokens = new Map();
  /** access token -> { account, expiresAt } */
  const accessTokens = new Map();

  function account(id) {
    let state = accounts.get(id);
    if (!state) {
      state = {
        id,
        clientId: null,
        clientSecret: null,
        accessTokenSeconds: options.accessTokenSeconds ?? 3600,
        latencyMs: 0,
        tokenLatencyMs: 0,
        limits: { ...options.limits },
        objects: new Map(),
        faults: [],
        started: [],
        inFlight: 0,
        refreshesInFlight: 0,
        counters: { calls: 0, maxConcurrent: 0, refreshes: 0, maxRefreshesInFlight: 0, throttled: 0, invalidGrants: 0, unauthorized: 0, requests: [] },
      };
      accounts.set(id, state);
    }
    return state;
  }

  /** Connects an account: the refresh token the tests configure on the source. */
  function connect(id, settings) {
    const state = account(id);
    state.clientId = settings.clientId;
    state.clientSecret = settings.clientSecret;
    if (settings.accessTokenSeconds !== undefined) state.accessTokenSeconds = settings.accessTokenSeconds;
    if (settings.latencyMs !== undefined) state.latencyMs = settings.latencyMs;
    if (settings.tokenLatencyMs !== undefined) state.tokenLatencyMs = settings.tokenLatencyMs;
    if (settings.limits) Object.assign(state.limits, settings.limits);
    const refreshToken = settings.refreshToken ?? token(`${options.prefix}-rt`);
    refreshTokens.set(refreshToken, { account: id, used: false });
    return refreshToken;
  }

  /** Every access token of the account expires now (the next API call gets 401). */
  function expireAccessTokens(id) {
    for (const [value, grant] of accessTokens) if (grant.account === id) grant.expiresAt = 0;
  }

  async function tokenRequest(request) {
    const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
    let clientId = null;
    let clientSecret = null;
    if (basic) {
      const decoded = atob(basic[1]);
      const colon = decoded.indexOf(":");
      clientId = decoded.slice(0, colon);
      clientSecret = decoded.slice(colon + 1);
    }
    if (form.get("grant_type") !== "refresh_token") return json(400, { error: "unsupported_grant_type" });
    const grant = refreshTokens.get(form.get("refresh_token") ?? "");
    if (!grant) return json(400, { error: "invalid_grant" });
    const state = account(grant.account);
    if (clientId !== state.clientId || clientSecret !== state.clientSecret) return json(401, { error: "invalid_client" });
    state.refreshesInFlight += 1;
    state.counters.maxRefreshesInFlight = Math.max(state.counters.maxRefreshesInFlight, state.refreshesInFlight);
    try {
      await sleep(state.tokenLatencyMs);
      // Single use: checked after the wait, so two refreshes racing with one token get one grant.
      if (grant.used) {
        state.counters.invalidGrants += 1;
        return json(400, { error: "invalid_grant" });
      }
      grant.used = true;
      state.counters.refreshes += 1;
      const refreshToken = token(`${options.prefix}-rt`);
      refreshTokens.set(refreshToken, { account: state.id, used: false });
      const accessToken = token(`${options.prefix}-at`);
      accessTokens.set(accessToken, { account: state.id, expiresAt: Date.now() + state.accessTokenSeconds * 1000 });
      return json(200, { access_token: accessToken, expires_in: state.accessTokenSeconds, refresh_token: refreshToken, token_type: "Bearer" });
    } finally {
      state.refreshesInFlight -= 1;
    }
  }

  /** The account an API call's bearer token belongs to, or why it is refused. */
  function authenticate(request) {
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
    const grant = bearer ? accessTokens.get(bearer[1]) : undefined;
    if (!grant) return { error: "unknown" };
    if (grant.expiresAt <= Date.now()) return { error: "expired", account: account(grant.account) };
    return { account: account(grant.account) };
  }

  /**
   * Counts a call against the account's limits: null when within them, else which limit it
   * exceeded ("minute", "second", "concurrent", "day"). The caller answers 429 for it.
   */
  function admit(state) {
    const now = Date.now();
    state.started = state.started.filter((at) => at > now - 86_400_000);
    const { perMinute, perSecond, concurrent, perDay } = state.limits;
    const inLast = (ms) => state.started.filter((at) => at > now - ms).length;
    let exceeded = null;
    if (concurrent !== undefined && state.inFlight >= concurrent) exceeded = "concurrent";
    else if (perSecond !== undefined && inLast(1000) >= perSecond) exceeded = "second";
    else if (perMinute !== undefined && inLast(60_000) >= perMinute) exceeded = "minute";
    else if (perDay !== undefined && state.started.length >= perDay) exceeded = "day";
    if (exceeded) {
      state.counters.throttled += 1;
      return exceeded;
    }
    state.started.push(now);
    return null;
  }

  /** Runs one admitted call, counting it in flight (with the account's latency) for maxConcurrent. */
  async function inFlight(state, run) {
    state.inFlight += 1;
    state.counters.calls += 1;
    state.counters.maxConcurrent = Math.max(state.counters.maxConcurrent, state.inFlight);
    try {
      await sleep(state.latencyMs);
      return await run();
    } finally {
      state.inFlight -= 1;
    }
  }

  /** The next injected fault of the account, if any: {status, body?, kind?: "html"|"garbage"|"huge", headers?}. */
  function nextFault(state) {
    const fault = state.faults[0];
    if (!fault) return null;
    fault.count = (fault.count ?? 1) - 1;
    if (fault.count <= 0) state.faults.shift();
    return fault;
  }

  function faultResponse(fault) {
    const headers = fault.headers ?? {};
    if (fault.kind === "html") return new Response("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", { status: fault.status ?? 502, headers: { "content-type": "text/html", ...headers } });
    if (fault.kind === "garbage") return new Response("\u0000\u00ff{not json", { status: fault.status ?? 200, headers: { "content-type": "application/json", ...headers } });
    if (fault.kind === "huge") return new Response(`{"padding":"${"x".repeat(fault.bytes ?? 9 * 1024 * 1024)}"}`, { status: fault.status ?? 200, headers: { "content-type": "application/json", ...headers } });
    return json(fault.status ?? 500, fault.body ?? {}, headers);
  }

  function reset(id) {
    accounts.delete(id);
  }

  return { account, accounts, connect, expireAccessTokens, tokenRequest, authenticate, admit, inFlight, nextFault, faultResponse, reset };
}
