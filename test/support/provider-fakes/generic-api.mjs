// Fake of "any JSON API" behind a generic source's `api` (src/providers/generic-api.ts), on host
// api.generic.test. Each account is a path prefix (`/<account>/...`), so tests with unique
// accounts never share state. It is as strict as a careful real API:
//   - GET /<account>/<collection>/<id>: the object (200 JSON) or 404 {"error":"not_found"};
//     a missing, unknown or expired access token -> 401 {"error":"invalid_token"} (RFC 6750 §3.1);
//   - POST /<account>/oauth/token (RFC 6749 §6 refresh / §4.4 client credentials, form body,
//     client_secret_post): short-lived access tokens, SINGLE-USE ROTATING refresh tokens (reusing
//     a spent one -> 400 {"error":"invalid_grant"}), a bad client -> 401 {"error":"invalid_client"};
//   - more than `limit.count` calls in `limit.perSeconds` -> 429 with Retry-After (seconds).
// Test-only control, same host:
//   POST /__fake/<account>/setup  {auth: "oauth2"|"bearer"|"none", clientId, clientSecret,
//        refreshToken, staticToken, tokenTtlSeconds, limit: {count, perSeconds}, delayMs,
//        tokenDelayMs, objects: {"customers/1": {...}}}
//   PUT  /__fake/<account>/objects/<collection>/<id>   (body: the object) ; DELETE: gone
//   POST /__fake/<account>/faults {mode: "html"|"garbage"|"500"|"429", count}
//   POST /__fake/<account>/expire-tokens   (every access token issued so far now answers 401)
//   GET  /__fake/<account>/counters -> {calls, served, maxInFlight, refreshes, maxRefreshesInFlight,
//        throttled, invalidGrants, unauthorized, refreshToken (the one in force)}

export const name = "generic-api";
export const HOST = "api.generic.test";

const accounts = new Map();

function account(id) {
  let state = accounts.get(id);
  if (!state) {
    state = {
      auth: "none",
      clientId: null,
      clientSecret: null,
      refreshToken: null,
      staticToken: null,
      tokenTtlSeconds: 3600,
      limit: null,
      delayMs: 0,
      tokenDelayMs: 0,
      objects: new Map(),
      accessTokens: new Map(),
      faults: [],
      starts: [],
      inFlight: 0,
      refreshesInFlight: 0,
      issued: 0,
      counters: { calls: 0, served: 0, maxInFlight: 0, refreshes: 0, maxRefreshesInFlight: 0, throttled: 0, invalidGrants: 0, unauthorized: 0 },
    };
    accounts.set(id, state);
  }
  return state;
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const sleep = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export function matches(url) {
  return url.hostname === HOST;
}

export async function fetch(request) {
  const url = new URL(request.url);
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "__fake") return control(request, parts.slice(1));
  const [accountId, ...rest] = parts;
  if (!accountId) return json(404, { error: "not_found" });
  const state = account(accountId);
  if (rest[0] === "oauth" && rest[1] === "token" && request.method === "POST") return token(state, request);
  return api(state, request, rest);
}

async function control(request, [accountId, action, ...rest]) {
  const state = account(accountId);
  if (action === "setup" && request.method === "POST") {
    const body = await request.json();
    for (const key of ["auth", "clientId", "clientSecret", "refreshToken", "staticToken", "tokenTtlSeconds", "limit", "delayMs", "tokenDelayMs"]) {
      if (body[key] !== undefined) state[key] = body[key];
    }
    for (const [path, object] of Object.entries(body.objects ?? {})) state.objects.set(path, object);
    return json(200, { ok: true });
  }
  if (action === "objects") {
    const path = rest.join("/");
    if (request.method === "DELETE") state.objects.delete(path);
    else state.objects.set(path, await request.json());
    return json(200, { ok: true });
  }
  if (action === "faults" && request.method === "POST") {
    const { mode, count = 1 } = await request.json();
    for (let i = 0; i < count; i++) state.faults.push(mode);
    return json(200, { ok: true });
  }
  if (action === "expire-tokens" && request.method === "POST") {
    for (const token of state.accessTokens.keys()) state.accessTokens.set(token, 0);
    return json(200, { ok: true });
  }
  if (action === "counters") return json(200, { ...state.counters, refreshToken: state.refreshToken });
  return json(404, { error: "unknown control endpoint" });
}

/** The rate window: a call above the limit is answered 429 with the seconds until room. */
function throttled(state, now) {
  if (!state.limit) return null;
  const windowMs = state.limit.perSeconds * 1000;
  state.starts = state.starts.filter((t) => t > now - windowMs);
  if (state.starts.length >= state.limit.count) {
    state.counters.throttled++;
    const retryAfter = Math.max(1, Math.ceil((state.starts[0] + windowMs - now) / 1000));
    return json(429, { error: "rate_limited", message: "too many requests" }, { "retry-after": String(retryAfter) });
  }
  state.starts.push(now);
  return null;
}

async function api(state, request, path) {
  state.counters.calls++;
  const limited = throttled(state, Date.now());
  if (limited) return limited;
  state.inFlight++;
  state.counters.maxInFlight = Math.max(state.counters.maxInFlight, state.inFlight);
  try {
    await sleep(state.delayMs);
    const refused = authorize(state, request);
    if (refused) return refused;
    const fault = state.faults.shift();
    if (fault === "html") return new Response("<!doctype html><html><body><h1>Sign in</h1></body></html>", { status: 200, headers: { "content-type": "text/html" } });
    if (fault === "garbage") return new Response("\u0000\u0001 not json {", { status: 200, headers: { "content-type": "application/json" } });
    if (fault === "500") return json(500, { error: "internal_error", message: "something broke" });
    if (fault === "429") {
      state.counters.throttled++;
      return json(429, { error: "rate_limited", message: "slow down" }, { "retry-after": "30" });
    }
    if (request.method !== "GET") return json(405, { error: "method_not_allowed" });
    const object = state.objects.get(path.join("/"));
    if (object === undefined) return json(404, { error: "not_found", message: `no ${path.join("/")}` });
    state.counters.served++;
    return json(200, object);
  } finally {
    state.inFlight--;
  }
}

function authorize(state, request) {
  if (state.auth === "none") return null;
  const header = request.headers.get("authorization") ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : null;
  const ok =
    token !== null &&
    (state.auth === "bearer" ? token === state.staticToken : (state.accessTokens.get(token) ?? 0) > Date.now());
  if (ok) return null;
  state.counters.unauthorized++;
  return json(401, { error: "invalid_token", error_description: "the access token is missing, unknown or expired" }, { "www-authenticate": 'Bearer error="invalid_token"' });
}

async function token(state, request) {
  const form = new URLSearchParams(await request.text());
  state.refreshesInFlight++;
  state.counters.maxRefreshesInFlight = Math.max(state.counters.maxRefreshesInFlight, state.refreshesInFlight);
  try {
    await sleep(state.tokenDelayMs);
    if (form.get("client_id") !== state.clientId || form.get("client_secret") !== state.clientSecret) {
      return json(401, { error: "invalid_client", error_description: "client authentication failed" });
    }
    const grant = form.get("grant_type");
    if (grant === "refresh_token") {
      if (!state.refreshToken || form.get("refresh_token") !== state.refreshToken) {
        state.counters.invalidGrants++;
        return json(400, { error: "invalid_grant", error_description: "the refresh token is invalid, expired or was already used" });
      }
    } else if (grant !== "client_credentials") {
      return json(400, { error: "unsupported_grant_type" });
    }
    state.counters.refreshes++;
    state.issued++;
    const accessToken = `at-${state.issued}-${crypto.randomUUID()}`;
    state.accessTokens.set(accessToken, Date.now() + state.tokenTtlSeconds * 1000);
    const body = { access_token: accessToken, token_type: "Bearer", expires_in: state.tokenTtlSeconds };
    if (grant === "refresh_token") {
      // Single use: the one just presented is spent, a new one is issued with the access token.
      state.refreshToken = `rt-${state.issued}-${crypto.randomUUID()}`;
      body.refresh_token = state.refreshToken;
    }
    return json(200, body, { "cache-control": "no-store" });
  } finally {
    state.refreshesInFlight--;
  }
}
