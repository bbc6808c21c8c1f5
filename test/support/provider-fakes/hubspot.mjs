// Fake of HubSpot's CRM API on https://api.hubapi.com (developers.hubspot.com: CRM objects v3
// batch read, CRM search, OAuth 2026-03 token endpoint, usage guidelines and error responses).
//
// One portal per account, found by its access token (a private app token, or an OAuth token the
// fake issued). Strict like HubSpot:
// - OAuth: `POST /oauth/2026-03/token` (and `/oauth/v1/token`), form body with client_id,
//   client_secret, refresh_token; access tokens expire (`expires_in`, 1800 s by default); the
//   refresh token is returned unchanged (HubSpot documents no rotation). An expired token is a 401
//   `EXPIRED_AUTHENTICATION`, an unknown one 401 `INVALID_AUTHENTICATION`.
// - Limits: 100 calls per rolling 10 s per portal (`X-HubSpot-RateLimit-*` headers on every
//   non-search answer), search 5 calls per second per portal; beyond, 429 `RATE_LIMIT` with
//   `policyName` and `Retry-After`.
// - Batch read: ≤100 inputs (else 400 VALIDATION_ERROR); ids not found or archived -> 207 with an
//   `OBJECT_NOT_FOUND` error listing them; properties as strings; merged ids answered by the survivor.
// - Search: filters EQ/GT/GTE/LT/LTE, one sort, `limit` ≤200, `after` offsets, 400 past 10,000.
// - Object updates (deals, companies, contacts) and their propertyChange events: hubspot-writes.mjs.
//
// Control (tests only), on the same host:
//   POST /__fake/portals                                  {portalId, accessToken? | clientId+clientSecret+refreshToken, accessTokenTtlSeconds?, tenSecondLimit?, searchPerSecond?, latencyMs?}
//   POST /__fake/portals/{portalId}/objects/{contacts|companies}   {records:[{id, properties, archived?, mergedInto?}]}
//   POST /__fake/portals/{portalId}/expire-tokens
//   POST /__fake/portals/{portalId}/faults                {status, body?, contentType?, headers?, times?, path?}
//   GET  /__fake/portals/{portalId}/counters
//   POST /__fake/portals/{portalId}/opt-outs              {email, at?}  (hubspot-preferences.mjs: communication preferences)
import { RollingWindow, accountRuntime, addFault, json, randomToken, readForm, readJson, trackedRefresh, tracked } from "./crm-fake-kit.mjs";
import { objectUpdate, writesControl } from "./hubspot-writes.mjs";
import { optOutsOf, preferencesRoute } from "./hubspot-preferences.mjs";

const HOST = "api.hubapi.com";
const TYPES = { contacts: "CONTACT", companies: "COMPANY" };
const MODIFIED = { contacts: "lastmodifieddate", companies: "hs_lastmodifieddate" };

/** portalId -> portal; access token -> { portalId, expiresAt } */
const portals = new Map();
const tokens = new Map();

function newPortal(spec) {
  const portal = {
    id: String(spec.portalId),
    clientId: spec.clientId ?? null,
    clientSecret: spec.clientSecret ?? null,
    refreshToken: spec.refreshToken ?? null,
    ttlSeconds: spec.accessTokenTtlSeconds ?? 1800,
    tenSecond: new RollingWindow(spec.tenSecondLimit ?? 100, 10),
    search: new RollingWindow(spec.searchPerSecond ?? 5, 1),
    objects: { contacts: new Map(), companies: new Map() },
    ...accountRuntime(),
  };
  portal.latencyMs = spec.latencyMs ?? 0;
  portals.set(portal.id, portal);
  if (spec.accessToken) tokens.set(spec.accessToken, { portalId: portal.id, expiresAt: Infinity });
  return portal;
}

const error = (status, category, message, extra = {}) =>
  json(status, { status: "error", message, correlationId: crypto.randomUUID(), category, ...extra });

export default {
  name: "hubspot",
  matches: (url) => url.hostname === HOST,
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__fake/")) return control(request, url);
    if (url.pathname === "/oauth/2026-03/token" || url.pathname === "/oauth/v1/token") return token(request);
    const auth = request.headers.get("authorization") ?? "";
    const held = tokens.get(auth.replace(/^Bearer /, ""));
    if (!auth.startsWith("Bearer ") || !held) {
      return error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    }
    const portal = portals.get(held.portalId);
    return tracked(portal, url.pathname, async () => {
      if (held.expiresAt <= Date.now()) {
        return error(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired 0 second(s) ago.");
      }
      const isSearch = /\/search$/.test(url.pathname);
      const windowed = portal.tenSecond.take();
      if (!windowed.ok) {
        return error(429, "RATE_LIMITS", "You have reached your ten_secondly_rolling limit.", { errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" });
      }
      if (isSearch && !portal.search.take().ok) {
        return json(429, { status: "error", message: "You have reached your secondly limit.", errorType: "RATE_LIMIT", correlationId: crypto.randomUUID(), policyName: "SECONDLY" }, { "retry-after": "1" });
      }
      const rateHeaders = isSearch
        ? {}
        : {
            "x-hubspot-ratelimit-max": String(portal.tenSecond.count),
            "x-hubspot-ratelimit-remaining": String(windowed.remaining),
            "x-hubspot-ratelimit-interval-milliseconds": "10000",
          };
      const response = await api(portal, request, url);
      for (const [k, v] of Object.entries(rateHeaders)) response.headers.set(k, v);
      return response;
    }).then((response) => {
      if (response.status === 429 && !response.headers.has("retry-after")) {
        const headers = new Headers(response.headers);
        headers.set("retry-after", "10");
        return new Response(response.body, { status: 429, headers });
      }
      return response;
    });
  },
};

async function token(request) {
  if (request.method !== "POST") return error(405, "VALIDATION_ERROR", "Method not allowed");
  const form = await readForm(request);
  const portal = [...portals.values()].find((p) => p.clientId && p.clientId === form.client_id);
  if (!portal) return json(400, { status: "BAD_CLIENT_ID", message: "missing or unknown client id", correlationId: crypto.randomUUID() });
  return trackedRefresh(portal, async () => {
    if (form.client_secret !== portal.clientSecret) return json(400, { status: "BAD_CLIENT_SECRET", message: "missing or invalid client secret", correlationId: crypto.randomUUID() });
    if (form.grant_type !== "refresh_token") return json(400, { status: "BAD_GRANT_TYPE", message: "unsupported grant_type", correlationId: crypto.randomUUID() });
    if (form.refresh_token !== portal.refreshToken) return json(400, { status: "BAD_REFRESH_TOKEN", message: "missing or unknown refresh token", correlationId: crypto.randomUUID() });
    const accessToken = randomToken("hs-at");
    tokens.set(accessToken, { portalId: portal.id, expiresAt: Date.now() + portal.ttlSeconds * 1000 });
    return json(200, { token_type: "bearer", refresh_token: portal.refreshToken, access_token: accessToken, expires_in: portal.ttlSeconds });
  });
}

async function api(portal, request, url) {
  const update = await objectUpdate(portal, request, url);
  if (update) return update;
  const preferences = preferencesRoute(portal, request, url);
  if (preferences) return preferences;
  const match = /^\/crm\/v3\/objects\/(contacts|companies)\/(batch\/read|search)$/.exec(url.pathname);
  if (!match) return error(404, "OBJECT_NOT_FOUND", `Unable to route ${request.method} request to ${url.pathname}`);
  if (request.method !== "POST") return error(405, "VALIDATION_ERROR", "Method Not Allowed");
  const body = await readJson(request);
  if (typeof body !== "object" || body === null) return error(400, "VALIDATION_ERROR", "Invalid input JSON on line 1, column 1: Cannot build input, some of required attributes are not set [inputs]");
  const [, type, operation] = match;
  return operation === "batch/read" ? batchRead(portal, type, body, url) : search(portal, type, body);
}

function view(record, type, properties) {
  const wanted = new Set([...(properties ?? []), "hs_object_id", "createdate", MODIFIED[type]]);
  const props = {};
  for (const name of wanted) props[name] = record.properties[name] ?? null;
  return { id: record.id, properties: props, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived };
}

function batchRead(portal, type, body, url) {
  if (!Array.isArray(body.inputs)) return error(400, "VALIDATION_ERROR", "Invalid input JSON: inputs is required");
  if (body.inputs.length > 100) return error(400, "VALIDATION_ERROR", `Too many inputs: ${body.inputs.length}. The maximum number of inputs is 100.`);
  const archived = url.searchParams.get("archived") === "true";
  const store = portal.objects[type];
  const results = [];
  const missing = [];
  for (const input of body.inputs) {
    const id = String(input?.id ?? "");
    let record = store.get(id);
    if (record?.mergedInto) record = store.get(record.mergedInto);
    if (!record || record.archived !== archived) missing.push(id);
    else if (!results.some((r) => r.id === record.id)) results.push(view(record, type, body.properties));
  }
  const now = new Date().toISOString();
  if (missing.length === 0) return json(200, { status: "COMPLETE", results, startedAt: now, completedAt: now });
  return json(207, {
    status: "COMPLETE",
    results,
    numErrors: 1,
    errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: `Could not get some ${TYPES[type]} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: missing } }],
    startedAt: now,
    completedAt: now,
  });
}

const comparable = (value) => (value !== null && value !== undefined && /^\d+$/.test(String(value)) ? Number(value) : Date.parse(value));
const OPERATORS = {
  EQ: (a, b) => a === b,
  GT: (a, b) => a > b,
  GTE: (a, b) => a >= b,
  LT: (a, b) => a < b,
  LTE: (a, b) => a <= b,
};

function search(portal, type, body) {
  const limit = body.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return error(400, "VALIDATION_ERROR", `limit must be between 1 and 200 (was ${limit})`);
  const after = Number(body.after ?? 0);
  if (after + limit > 10_000) return error(400, "VALIDATION_ERROR", "The search endpoints can return at most 10,000 results: refine the query or page within the first 10,000.");
  if ((body.sorts ?? []).length > 1) return error(400, "VALIDATION_ERROR", "Only one sort is allowed.");
  const groups = body.filterGroups ?? [];
  const value = (record, name) => (name === "hs_object_id" ? Number(record.id) : comparable(record.properties[name]));
  const matches = (record) =>
    groups.length === 0 ||
    groups.some((group) =>
      (group.filters ?? []).every((f) => {
        const op = OPERATORS[f.operator];
        if (!op) throw new Error(`operator ${f.operator} is not implemented by the fake`);
        return op(value(record, f.propertyName), comparable(f.value));
      }),
    );
  const sort = body.sorts?.[0];
  const rows = [...portal.objects[type].values()].filter((r) => !r.archived && !r.mergedInto && matches(r));
  if (sort) {
    const direction = sort.direction === "DESCENDING" ? -1 : 1;
    rows.sort((a, b) => direction * (value(a, sort.propertyName) - value(b, sort.propertyName) || Number(a.id) - Number(b.id)));
  }
  const page = rows.slice(after, after + limit);
  const next = after + limit < rows.length ? { paging: { next: { after: String(after + limit), link: "?after=" + (after + limit) } } } : {};
  return json(200, { total: rows.length, results: page.map((r) => view(r, type, body.properties)), ...next });
}

async function control(request, url) {
  const parts = url.pathname.split("/").filter(Boolean); // __fake, portals, {id}, ...
  if (parts[1] !== "portals") return json(404, { error: "unknown control path" });
  if (parts.length === 2 && request.method === "POST") {
    const portal = newPortal(await request.json());
    return json(201, { portalId: portal.id });
  }
  const portal = portals.get(parts[2]);
  if (!portal) return json(404, { error: `no portal ${parts[2]}` });
  const action = parts.slice(3).join("/");
  const writes = await writesControl(portal, request, action);
  if (writes) return writes;
  if (action === "counters") return json(200, { ...portal.counters, byPath: { ...portal.counters.byPath } });
  if (action === "expire-tokens") {
    for (const held of tokens.values()) if (held.portalId === portal.id && held.expiresAt !== Infinity) held.expiresAt = 0;
    return json(200, { ok: true });
  }
  if (action === "faults") {
    addFault(portal, await request.json());
    return json(200, { ok: true });
  }
  if (action === "opt-outs") {
    const { email, at } = await request.json();
    optOutsOf(portal).set(String(email).toLowerCase(), at ?? new Date().toISOString());
    return json(200, { ok: true });
  }
  const seed = /^objects\/(contacts|companies)$/.exec(action);
  if (seed) {
    const { records } = await request.json();
    const type = seed[1];
    for (const record of records) {
      const id = String(record.id);
      const modified = record.properties?.[MODIFIED[type]] ?? new Date().toISOString();
      const existing = portal.objects[type].get(id);
      portal.objects[type].set(id, {
        id,
        properties: { ...record.properties, hs_object_id: id, [MODIFIED[type]]: modified, createdate: existing?.properties.createdate ?? modified },
        createdAt: existing?.createdAt ?? modified,
        updatedAt: modified,
        archived: record.archived === true,
        mergedInto: record.mergedInto ? String(record.mergedInto) : null,
      });
    }
    return json(200, { count: records.length });
  }
  return json(404, { error: `unknown control path ${url.pathname}` });
}
