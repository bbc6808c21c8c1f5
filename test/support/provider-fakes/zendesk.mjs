// Fake of Zendesk's Support API on https://{subdomain}.zendesk.com (developer.zendesk.com: users
// show_many, cursor-based incremental exports, OAuth tokens for grant types, rate limits).
//
// One account per subdomain. Strict like Zendesk:
// - Auth: Basic `{email}/token:{apiToken}`, or Bearer tokens (a seeded access token, or one issued
//   by `POST /oauth/tokens` with `grant_type=refresh_token` or `client_credentials`, JSON or form body). A refresh returns
//   a new refresh token and deletes the previous access and refresh tokens: reusing the old refresh
//   token is `400 invalid_grant`. An expired access token is a 401 `invalid_token`.
// - Limits: `requestsPerMinute` per account (200 by default, Team plan) with `X-Rate-Limit` and
//   `X-Rate-Limit-Remaining`; the incremental exports 10 per minute. Beyond: 429 + Retry-After.
// - show_many: at most 100 ids; soft-deleted users come back `active: false`, unknown ones are left out.
// - Incremental cursor exports of users and tickets: `start_time` (unix s, not within the last
//   minute) then `cursor`; items changed in the last minute are not exported yet; `per_page` ≤1000.
//
// - Organization and user field updates (PUT, OAuth `write` scope): zendesk-writes.mjs.
//
// Control (tests only), on the account's host:
//   POST /__fake/account      {email?, apiToken?, accessToken?, clientId?, clientSecret?, refreshToken?, scope?, requestsPerMinute?, pageSize?, accessTokenTtlSeconds?, latencyMs?}
//   POST /__fake/users        {users:[{id, name, email, phone?, active?, updated_at}]}
//   POST /__fake/tickets      {tickets:[{id, subject, status, requester_id, updated_at, ...}]}
//   POST /__fake/expire-tokens
//   POST /__fake/faults       {status, body?, contentType?, headers?, times?, path?}
//   GET  /__fake/counters
import { RollingWindow, accountRuntime, addFault, json, randomToken, readJson, trackedRefresh, tracked } from "./crm-fake-kit.mjs";
import { fieldsControl, fieldsUpdate } from "./zendesk-writes.mjs";

const HOST = /^([a-z0-9][a-z0-9-]*)\.zendesk\.com$/i;
const SHOW_MANY_MAX = 100;
const EXPORT_LAG_MS = 60_000;

/** subdomain -> account */
const accounts = new Map();

function newAccount(subdomain, spec) {
  const account = {
    subdomain,
    email: spec.email ?? null,
    apiToken: spec.apiToken ?? null,
    clientId: spec.clientId ?? null,
    clientSecret: spec.clientSecret ?? null,
    refreshToken: spec.refreshToken ?? null,
    /** The scopes the OAuth client was granted ("read", "read write"). */
    scope: spec.scope ?? "read write",
    ttlSeconds: spec.accessTokenTtlSeconds ?? 1800,
    pageSize: spec.pageSize ?? 1000,
    perMinute: new RollingWindow(spec.requestsPerMinute ?? 200, 60),
    incremental: new RollingWindow(10, 60),
    /** access token -> expiresAt */
    tokens: new Map(spec.accessToken ? [[spec.accessToken, Infinity]] : []),
    users: new Map(),
    tickets: new Map(),
    ...accountRuntime(),
  };
  account.latencyMs = spec.latencyMs ?? 0;
  accounts.set(subdomain, account);
  return account;
}

export default {
  name: "zendesk",
  matches: (url) => HOST.test(url.hostname),
  async fetch(request) {
    const url = new URL(request.url);
    const subdomain = HOST.exec(url.hostname)[1].toLowerCase();
    if (url.pathname.startsWith("/__fake/")) return control(subdomain, request, url);
    const account = accounts.get(subdomain);
    if (!account) return new Response("<html><body><h1>Oops! Help Center not found</h1></body></html>", { status: 404, headers: { "content-type": "text/html" } });
    if (url.pathname === "/oauth/tokens") return trackedRefresh(account, () => token(account, request));
    const denied = authenticate(account, request.headers.get("authorization") ?? "");
    if (denied) return denied;
    return tracked(account, url.pathname, () => api(account, request, url));
  },
};

function authenticate(account, header) {
  if (header.startsWith("Basic ")) {
    let decoded = "";
    try {
      decoded = atob(header.slice(6));
    } catch {
      decoded = "";
    }
    if (account.apiToken && decoded === `${account.email}/token:${account.apiToken}`) return null;
    return json(401, { error: "Couldn't authenticate you" });
  }
  if (header.startsWith("Bearer ")) {
    const expiresAt = account.tokens.get(header.slice(7));
    if (expiresAt === undefined) return json(401, { error: "Couldn't authenticate you" });
    if (expiresAt <= Date.now()) return json(401, { error: "invalid_token", error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons." });
    return null;
  }
  return json(401, { error: "Couldn't authenticate you" });
}

async function token(account, request) {
  const type = request.headers.get("content-type") ?? "";
  const params = type.includes("json") ? ((await readJson(request)) ?? {}) : Object.fromEntries(new URLSearchParams(await request.text()));
  if (params.client_id !== account.clientId || params.client_secret !== account.clientSecret) {
    return json(401, { error: "invalid_client", error_description: "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method." });
  }
  // Confidential clients (client credentials grant, since March 2025): a token of the client's own scope, no refresh token.
  if (params.grant_type === "client_credentials") {
    const accessToken = randomToken("zd-at");
    account.tokens.set(accessToken, Date.now() + account.ttlSeconds * 1000);
    return json(200, { access_token: accessToken, token_type: "bearer", scope: account.scope, expires_in: account.ttlSeconds });
  }
  if (params.grant_type !== "refresh_token") return json(400, { error: "unsupported_grant_type", error_description: "The authorization grant type is not supported by the authorization server." });
  if (!account.refreshToken || params.refresh_token !== account.refreshToken) {
    return json(400, { error: "invalid_grant", error_description: "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client." });
  }
  // The previous access and refresh tokens are deleted.
  for (const [value, expiresAt] of account.tokens) if (expiresAt !== Infinity) account.tokens.delete(value);
  const accessToken = randomToken("zd-at");
  account.refreshToken = randomToken("zd-rt");
  account.tokens.set(accessToken, Date.now() + account.ttlSeconds * 1000);
  return json(200, { access_token: accessToken, token_type: "bearer", scope: account.scope, expires_in: account.ttlSeconds, refresh_token: account.refreshToken, refresh_token_expires_in: 2_592_000 });
}

function limited(window) {
  const taken = window.take();
  if (taken.ok) return null;
  return json(429, { error: "TooManyRequests", description: "Number of allowed API requests per minute exceeded" }, { "retry-after": String(taken.retryAfterSeconds) });
}

async function api(account, request, url) {
  const overall = limited(account.perMinute);
  if (overall) return overall;
  const incremental = /^\/api\/v2\/incremental\/(users|tickets)\/cursor\.json$/.exec(url.pathname);
  if (incremental) {
    const overExport = limited(account.incremental);
    if (overExport) return overExport;
  }
  const response = await route(account, request, url, incremental);
  response.headers.set("x-rate-limit", String(account.perMinute.count));
  response.headers.set("x-rate-limit-remaining", String(Math.max(0, account.perMinute.count - account.perMinute.starts.length)));
  return response;
}

async function route(account, request, url, incremental) {
  const update = await fieldsUpdate(account, request, url);
  if (update) return update;
  if (request.method !== "GET") return json(405, { error: "MethodNotAllowed" });
  if (url.pathname === "/api/v2/users/show_many.json") {
    const ids = (url.searchParams.get("ids") ?? "").split(",").filter(Boolean);
    if (ids.length > SHOW_MANY_MAX) return json(400, { error: "InvalidValue", description: `Too many ids: at most ${SHOW_MANY_MAX}` });
    const users = ids.map((id) => account.users.get(id)).filter(Boolean);
    return json(200, { users, next_page: null, previous_page: null, count: users.length });
  }
  if (incremental) return exportPage(account, incremental[1], url);
  return json(404, { error: "InvalidEndpoint", description: "Not found" });
}

function exportPage(account, resource, url) {
  const perPage = Math.min(Number(url.searchParams.get("per_page") ?? account.pageSize), 1000, account.pageSize);
  const visibleUntil = Date.now() - EXPORT_LAG_MS;
  const items = [...account[resource].values()]
    .filter((item) => Date.parse(item.updated_at) <= visibleUntil)
    .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || Number(a.id) - Number(b.id));
  let offset;
  const cursor = url.searchParams.get("cursor");
  if (cursor) {
    const decoded = /^o(\d+)$/.exec(atob(cursor));
    if (!decoded) return json(400, { error: "InvalidPaginationParameter", description: "cursor is invalid" });
    offset = Number(decoded[1]);
  } else {
    const startTime = Number(url.searchParams.get("start_time"));
    if (!url.searchParams.has("start_time") || !Number.isInteger(startTime)) return json(400, { error: "InvalidValue", description: "start_time is required" });
    if (startTime * 1000 > visibleUntil) return json(400, { error: "InvalidValue", description: "Too recent start_time. Use a start_time older than 1 minute" });
    offset = items.findIndex((item) => Date.parse(item.updated_at) >= startTime * 1000);
    if (offset < 0) offset = items.length;
  }
  const page = items.slice(offset, offset + perPage);
  const next = btoa(`o${offset + page.length}`);
  const base = `${url.origin}${url.pathname}`;
  return json(200, {
    [resource]: page,
    after_url: `${base}?cursor=${encodeURIComponent(next)}`,
    after_cursor: next,
    before_url: null,
    before_cursor: null,
    end_of_stream: offset + page.length >= items.length,
  });
}

async function control(subdomain, request, url) {
  const action = url.pathname.slice("/__fake/".length);
  if (action === "account") {
    newAccount(subdomain, await request.json());
    return json(201, { subdomain });
  }
  const account = accounts.get(subdomain);
  if (!account) return json(404, { error: `no account ${subdomain}` });
  if (action === "counters") return json(200, { ...account.counters, byPath: { ...account.counters.byPath } });
  if (action === "expire-tokens") {
    for (const [value, expiresAt] of account.tokens) if (expiresAt !== Infinity) account.tokens.set(value, 0);
    return json(200, { ok: true });
  }
  if (action === "faults") {
    addFault(account, await request.json());
    return json(200, { ok: true });
  }
  const writes = await fieldsControl(account, request, action);
  if (writes) return writes;
  if (action === "users" || action === "tickets") {
    const body = await request.json();
    for (const item of body[action]) account[action].set(String(item.id), { ...item, id: Number(item.id) });
    return json(200, { count: body[action].length });
  }
  return json(404, { error: `unknown control path ${url.pathname}` });
}
