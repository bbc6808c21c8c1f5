// Xero Accounting API fake, from XeroAPI/Xero-OpenAPI `xero_accounting.yaml` and Xero's docs (see
// src/providers/xero-api.ts): api.xero.com `/api.xro/2.0/Contacts|Invoices|Payments` with the
// `xero-tenant-id` header, `IDs=`, `page` (100 a page, `pagination` in the answer), `where`
// (Type=="ACCREC" / Type=="ACCPAY" only), `If-Modified-Since`, `includeArchived`, `/Date(ms+0000)/`
// timestamps; identity.xero.com `/connect/token` (30-minute access tokens by default, single-use
// rotating refresh tokens); per-tenant limits (60 calls a minute, 5 in flight, 5,000 a day) -> 429
// with `Retry-After` and `X-Rate-Limit-Problem`; `X-MinLimit-Remaining` / `X-DayLimit-Remaining`
// on every answer; 401 `{"Title":"Unauthorized","Detail":"TokenExpired: ..."}`.
//
// Control endpoints (tests only), on either host:
//   POST /__fake/tenants/{tenant}/connect  {clientId, clientSecret, refreshToken?, accessTokenSeconds?, latencyMs?, tokenLatencyMs?, limits?}
//        -> {refreshToken}
//   POST /__fake/tenants/{tenant}/objects  {Contacts?: [...], Invoices?: [...]}  (UpdatedDateUTC = now unless set)
//   POST /__fake/tenants/{tenant}/faults   [{status?, body?, kind?: "html"|"garbage"|"huge", count?, headers?}]
//   POST /__fake/tenants/{tenant}/expire-access-tokens
//   GET  /__fake/tenants/{tenant}/counters
import { createAccounts, json } from "./oauth2-accounts.mjs";

const API_HOST = "api.xero.com";
const TOKEN_HOST = "identity.xero.com";
const RESOURCES = { Contacts: "ContactID", Invoices: "InvoiceID" };
const PAGE_SIZE = 100;

const tenants = createAccounts({ prefix: "xero", accessTokenSeconds: 1800, limits: { perMinute: 60, concurrent: 5, perDay: 5000 } });

const xeroDate = (ms) => `/Date(${ms}+0000)/`;
const problem = (status, title, detail) => json(status, { Type: null, Title: title, Status: status, Detail: detail, Instance: crypto.randomUUID(), Extensions: {} });

function store(state, resource) {
  let objects = state.objects.get(resource);
  if (!objects) state.objects.set(resource, (objects = new Map()));
  return objects;
}

function seed(state, body) {
  const stored = {};
  for (const [resource, idField] of Object.entries(RESOURCES)) {
    for (const raw of body[resource] ?? []) {
      const id = raw[idField] ?? crypto.randomUUID();
      const object = { ...raw, [idField]: id, UpdatedDateUTC: raw.UpdatedDateUTC ?? xeroDate(Date.now()) };
      if (resource === "Contacts") object.ContactStatus ??= "ACTIVE";
      store(state, resource).set(id.toLowerCase(), object);
      (stored[resource] ??= []).push(object);
    }
  }
  return stored;
}

const millis = (xero) => Number(/\/Date\((-?\d+)/.exec(xero)?.[1] ?? NaN);

function list(state, resource, url, request) {
  const params = url.searchParams;
  let items = [...store(state, resource).values()];
  const ids = params.get("IDs");
  if (ids !== null) {
    const wanted = ids.split(",").map((id) => id.trim().toLowerCase());
    if (wanted.some((id) => !/^[0-9a-f-]{36}$/.test(id))) return json(400, { ErrorNumber: 14, Type: "PostDataInvalidException", Message: "Invalid GUID in IDs" });
    items = items.filter((item) => wanted.includes(item[RESOURCES[resource]].toLowerCase()));
  }
  const where = params.get("where");
  if (where !== null) {
    const type = /^Type=="(ACCREC|ACCPAY)"$/.exec(where);
    if (!type) return json(400, { ErrorNumber: 16, Type: "QueryParseException", Message: `this fake reads where=Type=="ACCREC" only, not ${where}` });
    items = items.filter((item) => item.Type === type[1]);
  }
  if (resource === "Contacts" && params.get("includeArchived") !== "true") items = items.filter((c) => c.ContactStatus !== "ARCHIVED");
  const since = request.headers.get("if-modified-since");
  if (since) {
    const ms = Date.parse(since);
    if (Number.isNaN(ms)) return json(400, { ErrorNumber: 14, Type: "ValidationException", Message: "If-Modified-Since is not a date" });
    items = items.filter((item) => millis(item.UpdatedDateUTC) >= ms);
  }
  const order = params.get("order");
  if (order === "UpdatedDateUTC ASC") items.sort((a, b) => millis(a.UpdatedDateUTC) - millis(b.UpdatedDateUTC));
  else if (order !== null) return json(400, { ErrorNumber: 16, Type: "QueryParseException", Message: `this fake orders by "UpdatedDateUTC ASC" only` });
  const page = params.get("page");
  let pagination;
  if (page !== null) {
    const n = Number(page);
    pagination = { page: n, pageSize: PAGE_SIZE, pageCount: Math.ceil(items.length / PAGE_SIZE), itemCount: items.length };
    items = items.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
  } else if (resource === "Invoices") {
    // Without paging Xero leaves the line items out of a list of invoices.
    items = items.map(({ LineItems, ...rest }) => ({ ...rest, LineItems: [] }));
  }
  return json(200, { Id: crypto.randomUUID(), Status: "OK", ProviderName: "router tests", DateTimeUTC: xeroDate(Date.now()), ...(pagination ? { pagination } : {}), [resource]: items });
}

function withLimitHeaders(state, response) {
  const now = Date.now();
  const minute = state.started.filter((at) => at > now - 60_000).length;
  response.headers.set("x-minlimit-remaining", String(Math.max(0, (state.limits.perMinute ?? 60) - minute)));
  response.headers.set("x-daylimit-remaining", String(Math.max(0, (state.limits.perDay ?? 5000) - state.started.length)));
  return response;
}

async function api(request, url) {
  const auth = tenants.authenticate(request);
  if (auth.error) {
    if (auth.account) auth.account.counters.unauthorized += 1;
    return problem(401, "Unauthorized", auth.error === "expired" ? `TokenExpired: token expired at ${new Date().toUTCString()}` : "AuthenticationUnsuccessful");
  }
  const state = auth.account;
  const tenantId = request.headers.get("xero-tenant-id");
  if (!tenantId) return problem(403, "Forbidden", "AuthenticationUnsuccessful: xero-tenant-id header is missing");
  if (tenantId !== state.id) return problem(403, "Forbidden", "AuthenticationUnsuccessful: the token has no access to this tenant");
  const exceeded = tenants.admit(state);
  if (exceeded) {
    const retryAfter = exceeded === "day" ? 3600 : exceeded === "concurrent" ? 1 : 60;
    return new Response(null, { status: 429, headers: { "retry-after": String(retryAfter), "x-rate-limit-problem": exceeded } });
  }
  return tenants.inFlight(state, async () => {
    state.counters.requests.push(`${request.method} ${url.pathname}?${url.searchParams.toString()}`);
    const injected = tenants.nextFault(state);
    if (injected) return tenants.faultResponse(injected);
    const match = /^\/api\.xro\/2\.0\/(Contacts|Invoices)$/.exec(url.pathname);
    if (!match || request.method !== "GET") return problem(404, "Not Found", `${request.method} ${url.pathname} is not implemented by this fake`);
    return withLimitHeaders(state, list(state, match[1], url, request));
  });
}

async function control(request, url) {
  const match = /^\/__fake\/tenants\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
  if (!match) return json(404, { error: "unknown control endpoint" });
  const [, tenant, action] = match;
  const state = tenants.account(tenant);
  const body = request.method === "POST" ? await request.json().catch(() => ({})) : null;
  switch (action) {
    case "connect":
      return json(200, { refreshToken: tenants.connect(tenant, body) });
    case "objects":
      return json(200, seed(state, body));
    case "faults":
      state.faults.push(...(Array.isArray(body) ? body : [body]));
      return json(200, { queued: state.faults.length });
    case "expire-access-tokens":
      tenants.expireAccessTokens(tenant);
      return json(200, {});
    case "counters":
      return json(200, state.counters);
    default:
      return json(404, { error: `unknown control action ${action}` });
  }
}

export default {
  name: "xero",
  matches: (url) => url.hostname === API_HOST || url.hostname === TOKEN_HOST,
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__fake/")) return control(request, url);
    if (url.hostname === TOKEN_HOST) {
      if (request.method === "POST" && url.pathname === "/connect/token") return tenants.tokenRequest(request);
      return json(404, { error: "not_found" });
    }
    return api(request, url);
  },
};
