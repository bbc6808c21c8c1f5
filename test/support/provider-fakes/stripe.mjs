// Fake of Stripe's REST API v1 (https://docs.stripe.com/api) on api.stripe.com, for the objects the
// router reads: customers, products, invoices, payment intents, refunds, and the event list.
//
// As strict as the real API where the client depends on it:
// - auth: `Authorization: Bearer <key>` (or Basic with the key as user); a key that is not
//   sk_/rk_ live/test, or one revoked through the controls, gets 401 with Stripe's body;
// - one account (state) per key, so tests with their own key never collide;
// - rate limits per key: 25 requests per second for test keys, 100 for live keys
//   (docs.stripe.com/rate-limits), else 429 `{error:{type:"invalid_request_error", code:"rate_limit"}}`
//   with `Stripe-Should-Retry: true`;
// - errors `{error:{type, code, message, param, doc_url}}`: 404 resource_missing naming the id,
//   400 for unknown parameters, a limit out of 1..100, `types` with `type`, more than 20 types;
// - lists `{object:"list", url, has_more, data}`, newest first, `starting_after`/`ending_before`,
//   `created[gt|gte|lt|lte]`, `types[n]`, `delivery_success`;
// - deleted customers and products answer `{id, object, deleted:true}`.
//
// Controls (test only), under /__fake/ with the account's key in `Authorization` as for the API:
//   POST /__fake/objects   {object} (needs id and object, e.g. "customer")  -> stored
//   POST /__fake/delete    {id}                                             -> the object is deleted
//   POST /__fake/events    {event} (id, type, created, data.object; `delivered: false` for an undelivered one)
//   POST /__fake/faults    {status, body?, headers?, times?}                -> the next calls answer so
//   POST /__fake/revoke                                                     -> the key is refused from now on
//   GET  /__fake/counters  -> {calls, rateLimited, maxPerSecond, paths}

const HOST = "api.stripe.com";
const KEY_PATTERN = /^(sk|rk)_(live|test)_[A-Za-z0-9]+$/;
const ENDPOINTS = {
  customers: "customer",
  products: "product",
  invoices: "invoice",
  payment_intents: "payment_intent",
  refunds: "refund",
  charges: "charge",
};
const DELETABLE = new Set(["customer", "product"]);
const EVENT_PARAMS = new Set(["limit", "starting_after", "ending_before", "type", "delivery_success", "created"]);

/** @type {Map<string, any>} */
const accounts = new Map();
const revoked = new Set();

function account(key) {
  let state = accounts.get(key);
  if (!state) {
    state = { objects: new Map(), events: [], faults: [], calls: 0, rateLimited: 0, second: 0, inSecond: 0, maxPerSecond: 0, paths: {} };
    accounts.set(key, state);
  }
  return state;
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "request-id": `req_${Math.random().toString(36).slice(2, 16)}`, date: new Date().toUTCString(), ...headers },
  });
}

function stripeError(status, type, message, extra = {}) {
  return json(status, { error: { type, message, ...extra } }, extra.code === "rate_limit" ? { "stripe-should-retry": "true" } : {});
}

const masked = (key) => `${key.slice(0, key.indexOf("_", 3) + 1)}****${key.slice(-4)}`;

/** The key of a request, as Stripe reads it (Bearer, or Basic with the key as the user). */
function keyOf(request) {
  const header = request.headers.get("authorization") ?? "";
  if (header.startsWith("Bearer ")) return header.slice(7).trim();
  if (header.startsWith("Basic ")) {
    try {
      return atob(header.slice(6)).split(":")[0];
    } catch {
      return "";
    }
  }
  return "";
}

export function matches(url) {
  return url.hostname === HOST;
}

export const name = "stripe";

export async function fetch(request) {
  const url = new URL(request.url);
  const key = keyOf(request);
  if (!key) {
    return stripeError(401, "invalid_request_error", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
  }
  if (KEY_PATTERN.test(key) && url.pathname.startsWith("/__fake/")) return control(request, url, key, account(key));
  if (!KEY_PATTERN.test(key) || revoked.has(key)) {
    return stripeError(401, "invalid_request_error", `Invalid API Key provided: ${masked(key)}`);
  }
  const state = account(key);

  state.calls += 1;
  state.paths[url.pathname] = (state.paths[url.pathname] ?? 0) + 1;
  const second = Math.floor(Date.now() / 1000);
  if (second !== state.second) {
    state.second = second;
    state.inSecond = 0;
  }
  state.inSecond += 1;
  state.maxPerSecond = Math.max(state.maxPerSecond, state.inSecond);
  const limit = key.includes("_live_") ? 100 : 25;
  if (state.inSecond > limit) {
    state.rateLimited += 1;
    return stripeError(429, "invalid_request_error", "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", { code: "rate_limit", doc_url: "https://stripe.com/docs/error-codes/rate-limit" });
  }
  const fault = state.faults[0];
  if (fault) {
    fault.times -= 1;
    if (fault.times <= 0) state.faults.shift();
    const body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body ?? { error: { type: "api_error", message: "An unknown error occurred" } });
    return new Response(body, { status: fault.status, headers: { "content-type": typeof fault.body === "string" ? "text/html" : "application/json", ...(fault.headers ?? {}) } });
  }
  if (request.method !== "GET") return stripeError(405, "invalid_request_error", `Unrecognized request URL (${request.method}: ${url.pathname}). This fake only reads.`);

  if (url.pathname === "/v1/events") return listEvents(url, state);
  const match = /^\/v1\/([a-z_]+)\/([^/]+)$/.exec(url.pathname);
  const objectType = match ? ENDPOINTS[match[1]] : undefined;
  if (!match || !objectType) {
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (GET: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
  }
  const id = decodeURIComponent(match[2]);
  for (const param of url.searchParams.keys()) {
    if (!param.startsWith("expand[")) return stripeError(400, "invalid_request_error", `Received unknown parameter: ${param}`, { param });
  }
  const stored = state.objects.get(id);
  if (!stored || stored.object !== objectType) {
    return stripeError(404, "invalid_request_error", `No such ${objectType}: '${id}'`, { code: "resource_missing", param: "id", doc_url: "https://stripe.com/docs/error-codes/resource-missing" });
  }
  return json(200, stored);
}

function listEvents(url, state) {
  const params = url.searchParams;
  const types = [];
  const created = {};
  for (const [param, value] of params) {
    const typeIndex = /^types\[(\d+)\]$/.exec(param);
    const range = /^created\[(gt|gte|lt|lte)\]$/.exec(param);
    if (typeIndex) types.push(value);
    else if (range) {
      if (!/^\d+$/.test(value)) return stripeError(400, "invalid_request_error", `Invalid integer: ${value}`, { param });
      created[range[1]] = Number(value);
    } else if (!EVENT_PARAMS.has(param)) return stripeError(400, "invalid_request_error", `Received unknown parameter: ${param}`, { param });
  }
  if (types.length > 20) return stripeError(400, "invalid_request_error", "You may pass at most 20 values for types.", { param: "types" });
  if (types.length > 0 && params.has("type")) return stripeError(400, "invalid_request_error", "You may only specify one of these parameters: type, types.", { param: "types" });
  const limit = params.has("limit") ? Number(params.get("limit")) : 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return stripeError(400, "invalid_request_error", "This value must be less than or equal to 100 (it currently is '" + params.get("limit") + "').", { param: "limit" });
  }
  const success = params.get("delivery_success");
  if (success !== null && success !== "true" && success !== "false") return stripeError(400, "invalid_request_error", "Invalid boolean: " + success, { param: "delivery_success" });
  const type = params.get("type");
  const typeMatches = (t) => (type ? new RegExp(`^${type.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(t) : types.length === 0 || types.includes(t));

  // Newest first, as Stripe lists (insertion order breaks ties, newest inserted first).
  let events = state.events
    .filter((e) => typeMatches(e.event.type))
    .filter((e) => (created.gt === undefined || e.event.created > created.gt) && (created.gte === undefined || e.event.created >= created.gte))
    .filter((e) => (created.lt === undefined || e.event.created < created.lt) && (created.lte === undefined || e.event.created <= created.lte))
    .filter((e) => success === null || e.delivered === (success === "true"))
    .sort((a, b) => b.event.created - a.event.created || b.seq - a.seq);
  const after = params.get("starting_after");
  if (after) {
    const index = events.findIndex((e) => e.event.id === after);
    if (index < 0) return stripeError(400, "invalid_request_error", `No such event: '${after}'`, { code: "resource_missing", param: "starting_after" });
    events = events.slice(index + 1);
  }
  const page = events.slice(0, limit);
  return json(200, { object: "list", url: "/v1/events", has_more: events.length > limit, data: page.map((e) => e.event) });
}

async function control(request, url, key, state) {
  const body = request.method === "POST" ? await request.json().catch(() => ({})) : {};
  switch (url.pathname) {
    case "/__fake/objects": {
      if (!body.id || !body.object) return json(400, { error: "an object needs id and object" });
      state.objects.set(body.id, body);
      return json(200, { stored: body.id });
    }
    case "/__fake/delete": {
      const stored = state.objects.get(body.id);
      if (!stored) return json(404, { error: `no object ${body.id}` });
      if (DELETABLE.has(stored.object)) state.objects.set(body.id, { id: body.id, object: stored.object, deleted: true });
      else state.objects.delete(body.id);
      return json(200, { deleted: body.id });
    }
    case "/__fake/events": {
      const { delivered = true, ...event } = body;
      if (!event.id || !event.type || typeof event.created !== "number") return json(400, { error: "an event needs id, type and created" });
      state.events.push({ event: { object: "event", api_version: "2026-11-18.endive", livemode: key.includes("_live_"), pending_webhooks: delivered ? 0 : 1, request: { id: null, idempotency_key: null }, ...event }, delivered, seq: state.events.length });
      return json(200, { stored: event.id });
    }
    case "/__fake/faults": {
      state.faults.push({ status: body.status, body: body.body, headers: body.headers, times: body.times ?? 1 });
      return json(200, { faults: state.faults.length });
    }
    case "/__fake/revoke":
      revoked.add(key);
      return json(200, { revoked: true });
    case "/__fake/counters":
      return json(200, { calls: state.calls, rateLimited: state.rateLimited, maxPerSecond: state.maxPerSecond, paths: state.paths });
    default:
      return json(404, { error: `no control ${url.pathname}` });
  }
}
