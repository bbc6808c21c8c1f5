// Fake of Square's API (developer.squareup.com/reference/square), production
// `connect.squareup.com` and sandbox `connect.squareupsandbox.com`, one seller per access token:
// - `Authorization: Bearer <token>`; an unknown token is 401 `UNAUTHORIZED`
//   (`{"errors":[{category, code, detail}]}`, Square's error shape). A malformed `Square-Version`
//   header is 400 `INVALID_SQUARE_VERSION_FORMAT`.
// - `GET /v2/locations`; `POST /v2/orders/batch-retrieve` (`order_ids`: 1 to 100; ids it does not
//   know are skipped silently, `{}` when none is found); `POST /v2/orders/search` (`location_ids`:
//   1 to 10 of the seller's, `date_time_filter.updated_at` needs `sort_field: "UPDATED_AT"`, a
//   cursor is valid only with the query it came from, `limit` up to 1000, default 500);
//   `GET`/`PUT /v2/orders/{id}` (versioned sparse updates, idempotent replays): square-order-update.mjs.
// - Square documents no rate limit: this fake allows `ratePerSecond` calls a second per token
//   (seeded, 10 by default) and answers more with 429 `RATE_LIMITED` and `Retry-After: 1`.
//
// Control (tests only), on either host, the seller named by `token` (body or query string):
//   POST /__fake/seed      {token, locations?: [{id, name?, status?}], orders?: [Order], deleted?: [id],
//                           ratePerSecond?, latencyMs?}
//   POST /__fake/faults    {token, faults: [{status?, body: "html"|"garbage"|"json"|"empty"|"rate_limited", times?}]}
//   (catalog search by SKU and inventory counts: square-inventory.mjs, seed keys `catalog`, `counts`)
//   GET  /__fake/counters?token=...  {calls, byPath, batchRetrieveIds, rateLimited, unauthorized, maxConcurrent, squareVersions}
import { INVENTORY_ROUTES, inventoryControl, seedInventory } from "./square-inventory.mjs";
import { orderUpdate } from "./square-order-update.mjs";

const HOSTS = new Set(["connect.squareup.com", "connect.squareupsandbox.com"]);
const BATCH_RETRIEVE_MAX = 100;
const SEARCH_LOCATIONS_MAX = 10;
const SEARCH_LIMIT_MAX = 1000;
const SEARCH_LIMIT_DEFAULT = 500;

/** @type {Map<string, any>} access token -> seller */
const sellers = new Map();

function seller(token) {
  let state = sellers.get(token);
  if (!state) {
    state = {
      locations: [],
      orders: new Map(),
      ratePerSecond: 10,
      latencyMs: 0,
      recentCalls: [],
      faults: [],
      counters: { calls: 0, byPath: {}, batchRetrieveIds: [], rateLimited: 0, unauthorized: 0, maxConcurrent: 0, inFlight: 0, squareVersions: [] },
    };
    sellers.set(token, state);
  }
  return state;
}

const json = (body, status = 200, headers = {}) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const squareError = (status, category, code, detail, field) =>
  json({ errors: [{ category, code, detail, ...(field ? { field } : {}) }] }, status);
const invalid = (code, detail, field) => squareError(400, "INVALID_REQUEST_ERROR", code, detail, field);

function faultResponse(fault) {
  const status = fault.status ?? 500;
  if (fault.body === "html") return new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status, headers: { "content-type": "text/html" } });
  if (fault.body === "garbage") return new Response("}{ not json \u0000", { status, headers: { "content-type": "application/json" } });
  if (fault.body === "empty") return new Response(null, { status });
  if (fault.body === "rate_limited") {
    return new Response(JSON.stringify({ errors: [{ category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED", detail: "Rate limited." }] }), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": String(fault.retryAfter ?? 1) },
    });
  }
  return json(fault.json ?? { errors: [{ category: "API_ERROR", code: "INTERNAL_SERVER_ERROR", detail: "An internal error has occurred." }] }, status);
}

function batchRetrieve(state, body) {
  const ids = body.order_ids;
  if (ids === undefined) return invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "order_ids");
  if (!Array.isArray(ids)) return invalid("EXPECTED_ARRAY", "Expected an array", "order_ids");
  if (ids.length === 0) return invalid("ARRAY_EMPTY", "Array must not be empty", "order_ids");
  if (ids.length > BATCH_RETRIEVE_MAX) return invalid("ARRAY_LENGTH_TOO_LONG", `Array length ${ids.length} exceeds the maximum of ${BATCH_RETRIEVE_MAX}`, "order_ids");
  state.counters.batchRetrieveIds.push(ids.length);
  const orders = ids.map((id) => state.orders.get(String(id))).filter((o) => o && (!body.location_id || o.location_id === body.location_id));
  return json(orders.length ? { orders } : {});
}

const queryKey = (body) => JSON.stringify({ l: body.location_ids, q: body.query ?? null });

function search(state, body) {
  const locations = body.location_ids;
  if (!Array.isArray(locations) || locations.length === 0) return invalid("MISSING_REQUIRED_PARAMETER", "Must provide at least 1 location_id", "location_ids");
  if (locations.length > SEARCH_LOCATIONS_MAX) return invalid("ARRAY_LENGTH_TOO_LONG", `Array length ${locations.length} exceeds the maximum of ${SEARCH_LOCATIONS_MAX}`, "location_ids");
  const known = new Set(state.locations.map((l) => l.id));
  const unknown = locations.find((id) => !known.has(id));
  // A location of another seller: refused as a permission error (what sellers report seeing).
  if (unknown) return squareError(403, "AUTHENTICATION_ERROR", "FORBIDDEN", "You have insufficient permissions to perform that action.", "location_ids");
  const limit = body.limit ?? SEARCH_LIMIT_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT_MAX) return invalid("VALUE_TOO_HIGH", `limit must be between 1 and ${SEARCH_LIMIT_MAX}`, "limit");
  const filter = body.query?.filter ?? {};
  const sort = body.query?.sort ?? { sort_field: "CREATED_AT", sort_order: "DESC" };
  const timeFilter = filter.date_time_filter ?? {};
  const filtered = Object.keys(timeFilter);
  if (filtered.length > 1) return invalid("CONFLICTING_PARAMETERS", "Only one date_time_filter field may be set", "query.filter.date_time_filter");
  const sortField = sort.sort_field ?? "CREATED_AT";
  if (filtered[0] && filtered[0].toUpperCase() !== sortField) {
    return invalid("INVALID_VALUE", `sort_field must be ${filtered[0].toUpperCase()} when filtering by date_time_filter.${filtered[0]}`, "query.sort.sort_field");
  }
  if (sort.sort_order && sort.sort_order !== "ASC" && sort.sort_order !== "DESC") return invalid("INVALID_SORT_ORDER", "Sort order must be ASC or DESC", "query.sort.sort_order");
  const field = sortField.toLowerCase();
  const range = timeFilter[filtered[0]] ?? {};
  const start = range.start_at ? Date.parse(range.start_at) : -Infinity;
  const end = range.end_at ? Date.parse(range.end_at) : Infinity;
  if (Number.isNaN(start) || Number.isNaN(end)) return invalid("INVALID_TIME", "start_at and end_at must be RFC 3339 times", "query.filter.date_time_filter");
  if (end < start) return invalid("INVALID_TIME_RANGE", "end_at is before start_at", "query.filter.date_time_filter");
  const states = filter.state_filter?.states;
  const orders = [...state.orders.values()]
    .filter((o) => locations.includes(o.location_id))
    .filter((o) => !states || states.includes(o.state))
    .filter((o) => {
      const at = Date.parse(o[field]);
      return at >= start && at < end;
    })
    .sort((a, b) => (Date.parse(a[field]) - Date.parse(b[field]) || a.id.localeCompare(b.id)) * (sort.sort_order === "ASC" ? 1 : -1));
  let offset = 0;
  if (body.cursor !== undefined) {
    let cursor;
    try {
      cursor = JSON.parse(atob(body.cursor));
    } catch {
      return invalid("INVALID_CURSOR", "The cursor is invalid", "cursor");
    }
    // A cursor is valid only with the query it came from.
    if (cursor.key !== queryKey(body)) return invalid("INVALID_CURSOR", "The cursor does not belong to this query", "cursor");
    offset = cursor.offset;
  }
  const page = orders.slice(offset, offset + limit);
  const more = offset + limit < orders.length;
  return json({
    ...(page.length ? { orders: page } : {}),
    ...(more ? { cursor: btoa(JSON.stringify({ key: queryKey(body), offset: offset + limit })) } : {}),
  });
}

async function api(state, request, url) {
  const fault = state.faults[0];
  if (fault) {
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) state.faults.shift();
    return faultResponse(fault);
  }
  const now = Date.now();
  state.recentCalls = state.recentCalls.filter((t) => t > now - 1000);
  if (state.recentCalls.length >= state.ratePerSecond) {
    state.counters.rateLimited++;
    return new Response(JSON.stringify({ errors: [{ category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED", detail: "Rate limited." }] }), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "1" },
    });
  }
  state.recentCalls.push(now);
  if (state.latencyMs) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
  const route = `${request.method} ${url.pathname}`;
  if (route === "GET /v2/locations") return json({ locations: state.locations });
  const updated = await orderUpdate(state, request, url);
  if (updated) return updated;
  const inventory = INVENTORY_ROUTES[route];
  if (route !== "POST /v2/orders/batch-retrieve" && route !== "POST /v2/orders/search" && !inventory) return squareError(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", `Resource not found: ${url.pathname}`);
  let body;
  try {
    body = await request.json();
  } catch {
    return invalid("EXPECTED_JSON_BODY", "The request body is not a JSON object");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return invalid("EXPECTED_JSON_BODY", "The request body is not a JSON object");
  if (inventory) return inventory(state, body, { json, invalid });
  return route === "POST /v2/orders/search" ? search(state, body) : batchRetrieve(state, body);
}

async function control(request, url) {
  const body = request.method === "POST" ? await request.json() : {};
  const token = body.token ?? url.searchParams.get("token");
  if (!token) return json({ error: "token is required" }, 400);
  const state = seller(token);
  if (url.pathname === "/__fake/seed") {
    if (body.locations) state.locations = body.locations.map((l) => ({ status: "ACTIVE", name: l.id, ...l }));
    for (const order of body.orders ?? []) state.orders.set(order.id, order);
    for (const id of body.deleted ?? []) state.orders.delete(id);
    if (body.ratePerSecond !== undefined) state.ratePerSecond = body.ratePerSecond;
    if (body.latencyMs !== undefined) state.latencyMs = body.latencyMs;
    seedInventory(state, body);
    state.known = true;
    return json({ ok: true });
  }
  if (url.pathname === "/__fake/faults") {
    state.faults.push(...(body.faults ?? []));
    return json({ ok: true });
  }
  const inventory = inventoryControl(state, url, json);
  if (inventory) return inventory;
  if (url.pathname === "/__fake/counters") {
    const { inFlight, ...counters } = state.counters;
    return json(counters);
  }
  return json({ error: "unknown control endpoint" }, 404);
}

export default {
  name: "square",
  matches(url) {
    return HOSTS.has(url.hostname);
  },
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__fake/")) return control(request, url);
    const auth = request.headers.get("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : null;
    const state = token ? sellers.get(token) : undefined;
    if (!state?.known) {
      if (state) state.counters.unauthorized++;
      return squareError(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized.");
    }
    const version = request.headers.get("square-version");
    state.counters.squareVersions.push(version);
    if (version !== null && !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
      return invalid("INVALID_SQUARE_VERSION_FORMAT", `Invalid Square-Version format: ${version}`);
    }
    const counters = state.counters;
    counters.calls++;
    const key = `${request.method} ${url.pathname}`;
    counters.byPath[key] = (counters.byPath[key] ?? 0) + 1;
    counters.inFlight++;
    counters.maxConcurrent = Math.max(counters.maxConcurrent, counters.inFlight);
    try {
      return await api(state, request, url);
    } finally {
      counters.inFlight--;
    }
  },
};
