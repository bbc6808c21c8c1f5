// Fake of PayPal's REST API (developer.paypal.com/docs/api), on `api-m.paypal.com` and
// `api-m.sandbox.paypal.com` (not `api.*`: webhook certificates are served there by the tests'
// own stubs), one REST app per client id:
// - `POST /v1/oauth2/token`: HTTP Basic `clientId:secret`, `grant_type=client_credentials` ->
//   `{scope, access_token, token_type: "Bearer", app_id, expires_in, nonce}`; wrong credentials ->
//   401 `{"error":"invalid_client","error_description":"Client Authentication failed"}`.
// - Every other call needs `Authorization: Bearer <token>`; unknown or expired -> 401
//   `{name: "AUTHENTICATION_FAILURE", message, debug_id, details: [], links}`.
// - `GET /v2/checkout/orders/{id}` (with `purchase_units[].payments.captures` and
//   `purchase_units[].shipping.trackers`), `GET /v2/payments/captures/{id}` (with
//   `supplementary_data.related_ids.order_id`); unknown -> 404 `RESOURCE_NOT_FOUND`
//   (`details[].issue = "INVALID_RESOURCE_ID"`).
// - `POST /v2/checkout/orders/{id}/track` `{capture_id, tracking_number, carrier,
//   carrier_name_other, notify_payer, items}` -> 201 with the order; the capture must be the
//   order's (422 `UNPROCESSABLE_ENTITY`, issue `CAPTURE_ID_NOT_FOUND`), `carrier: "OTHER"` needs
//   `carrier_name_other` (issue `CARRIER_NAME_OTHER_REQUIRED`), a missing field is 400
//   `INVALID_REQUEST` (issue `MISSING_REQUIRED_PARAMETER`). The same tracking number twice makes a
//   second tracker (nothing documented refuses it); the same `PayPal-Request-Id` again returns the
//   first answer without applying anything.
// Errors: `{name, message, debug_id, details: [{field, value, location, issue, description}], links}`.
//
// Control (tests only), on either host:
//   POST /__fake/seed     {clientId, clientSecret, orders?: [{id, captureId, status?}]}
//   POST /__fake/faults   {clientId, faults: [{status?, body?: "html"|"json", json?, times?, commit?}]}
//                         (commit: the next write is carried out, then answered by the fault: a lost answer)
//   POST /__fake/expire   {clientId}: every token of the app expires
//   GET  /__fake/counters?clientId=...  {tokens, calls, tracks, replays, byPath}
const HOSTS = new Set(["api-m.paypal.com", "api-m.sandbox.paypal.com"]);
const TOKEN_SECONDS = 32_400;

/** @type {Map<string, any>} client id -> app */
const apps = new Map();
/** @type {Map<string, {clientId: string, expiresAt: number}>} */
const tokens = new Map();
let serial = 0;
const debugId = () => `f${(++serial).toString(16).padStart(12, "0")}`;

function app(clientId) {
  let state = apps.get(clientId);
  if (!state) {
    state = { secret: null, orders: new Map(), captures: new Map(), requestIds: new Map(), faults: [], counters: { tokens: 0, calls: 0, tracks: 0, replays: 0, byPath: {} } };
    apps.set(clientId, state);
  }
  return state;
}

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "paypal-debug-id": debugId() } });
const paypalError = (status, name, message, details = []) =>
  json({ name, message, debug_id: debugId(), details, links: [{ href: `https://developer.paypal.com/docs/api/orders/v2/#error-${details[0]?.issue ?? name}`, rel: "information_link", method: "GET" }] }, status);
const notFound = () =>
  paypalError(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.", [{ issue: "INVALID_RESOURCE_ID", description: "Specified resource ID does not exist. Please check the resource ID and try again." }]);
const unprocessable = (issue, description, field) =>
  paypalError(422, "UNPROCESSABLE_ENTITY", "The requested action could not be performed, semantically incorrect, or failed business validation.", [{ field, location: "body", issue, description }]);

function faultResponse(fault) {
  const status = fault.status ?? 500;
  if (fault.body === "html") return new Response("<html><body>502 Bad Gateway</body></html>", { status, headers: { "content-type": "text/html" } });
  return json(fault.json ?? { name: "INTERNAL_SERVER_ERROR", message: "An internal server error has occurred.", debug_id: debugId(), details: [] }, status);
}

function issueToken(request, body) {
  const auth = request.headers.get("authorization") ?? "";
  let clientId = "";
  let secret = "";
  try {
    [clientId, secret] = atob(auth.replace(/^Basic /, "")).split(":");
  } catch {
    // refused below
  }
  const state = apps.get(clientId);
  if (!auth.startsWith("Basic ") || !state?.secret || state.secret !== secret) {
    return json({ error: "invalid_client", error_description: "Client Authentication failed" }, 401);
  }
  if (new URLSearchParams(body).get("grant_type") !== "client_credentials") {
    return json({ error: "unsupported_grant_type", error_description: "Grant Type is NULL" }, 400);
  }
  state.counters.tokens++;
  const token = `A21AA${crypto.randomUUID().replace(/-/g, "")}`;
  tokens.set(token, { clientId, expiresAt: Date.now() + TOKEN_SECONDS * 1000 });
  return json({ scope: "https://uri.paypal.com/services/shipping/trackers/readwrite", access_token: token, token_type: "Bearer", app_id: `APP-${clientId}`, expires_in: TOKEN_SECONDS, nonce: debugId() });
}

const orderView = (order) => ({
  id: order.id,
  intent: "CAPTURE",
  status: order.status,
  purchase_units: [
    {
      reference_id: "default",
      payments: { captures: [{ id: order.captureId, status: "COMPLETED" }] },
      ...(order.trackers.length ? { shipping: { trackers: order.trackers } } : {}),
    },
  ],
  links: [{ href: `https://api-m.paypal.com/v2/checkout/orders/${order.id}`, rel: "self", method: "GET" }],
});

function track(state, order, body) {
  const missing = ["capture_id", "tracking_number", "carrier"].find((f) => typeof body[f] !== "string" || body[f] === "");
  if (missing) {
    return paypalError(400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", [
      { field: `/${missing}`, location: "body", issue: "MISSING_REQUIRED_PARAMETER", description: "A required field / parameter is missing." },
    ]);
  }
  if (body.capture_id !== order.captureId) return unprocessable("CAPTURE_ID_NOT_FOUND", "Specified capture ID does not exist or does not belong to this order.", "/capture_id");
  if (body.carrier === "OTHER" && !body.carrier_name_other) return unprocessable("CARRIER_NAME_OTHER_REQUIRED", "carrier_name_other is required when carrier is OTHER.", "/carrier_name_other");
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  order.trackers.push({
    id: `${order.captureId}-${body.tracking_number}`,
    status: "SHIPPED",
    items: body.items ?? [],
    links: [{ href: `https://api-m.paypal.com/v2/checkout/orders/${order.id}/trackers/${order.captureId}-${body.tracking_number}`, rel: "self", method: "GET" }],
    create_time: now,
    update_time: now,
  });
  state.counters.tracks++;
  return json(orderView(order), 201);
}

async function api(state, request, url) {
  const route = `${request.method} ${url.pathname}`;
  let m;
  if ((m = /^GET \/v2\/checkout\/orders\/([^/]+)$/.exec(route))) {
    const order = state.orders.get(decodeURIComponent(m[1]));
    return order ? json(orderView(order)) : notFound();
  }
  if ((m = /^GET \/v2\/payments\/captures\/([^/]+)$/.exec(route))) {
    const orderId = state.captures.get(decodeURIComponent(m[1]));
    if (!orderId) return notFound();
    return json({ id: decodeURIComponent(m[1]), status: "COMPLETED", amount: { currency_code: "USD", value: "10.00" }, supplementary_data: { related_ids: { order_id: orderId } } });
  }
  if ((m = /^POST \/v2\/checkout\/orders\/([^/]+)\/track$/.exec(route))) {
    const order = state.orders.get(decodeURIComponent(m[1]));
    if (!order) return notFound();
    let body;
    try {
      body = await request.json();
    } catch {
      return paypalError(400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", [{ issue: "MALFORMED_REQUEST_JSON" }]);
    }
    return track(state, order, body);
  }
  return paypalError(404, "NOT_FOUND", "The specified resource does not exist.", []);
}

async function control(request, url) {
  const body = request.method === "POST" ? await request.json() : {};
  const clientId = body.clientId ?? url.searchParams.get("clientId");
  if (!clientId) return json({ error: "clientId is required" }, 400);
  const state = app(clientId);
  if (url.pathname === "/__fake/seed") {
    if (body.clientSecret) state.secret = body.clientSecret;
    for (const o of body.orders ?? []) {
      state.orders.set(o.id, { id: o.id, captureId: o.captureId, status: o.status ?? "COMPLETED", trackers: [] });
      state.captures.set(o.captureId, o.id);
    }
    return json({ ok: true });
  }
  if (url.pathname === "/__fake/faults") {
    state.faults.push(...(body.faults ?? []));
    return json({ ok: true });
  }
  if (url.pathname === "/__fake/expire") {
    for (const [token, t] of tokens) if (t.clientId === clientId) t.expiresAt = 0;
    return json({ ok: true });
  }
  if (url.pathname === "/__fake/counters") return json(state.counters);
  return json({ error: "unknown control endpoint" }, 404);
}

export default {
  name: "paypal",
  matches(url) {
    return HOSTS.has(url.hostname);
  },
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__fake/")) return control(request, url);
    if (url.pathname === "/v1/oauth2/token" && request.method === "POST") return issueToken(request, await request.text());
    const auth = request.headers.get("authorization") ?? "";
    const token = tokens.get(auth.replace(/^Bearer /, ""));
    if (!auth.startsWith("Bearer ") || !token || token.expiresAt <= Date.now()) {
      return paypalError(401, "AUTHENTICATION_FAILURE", "Authentication failed due to invalid authentication credentials or a missing Authorization header.", []);
    }
    const state = app(token.clientId);
    state.counters.calls++;
    const key = `${request.method} ${url.pathname}`;
    state.counters.byPath[key] = (state.counters.byPath[key] ?? 0) + 1;
    const requestId = request.headers.get("paypal-request-id");
    if (request.method === "POST" && requestId && state.requestIds.has(requestId)) {
      state.counters.replays++;
      const first = state.requestIds.get(requestId);
      return json(first.body, first.status);
    }
    const fault = state.faults[0];
    if (fault && (!fault.commit || request.method !== "GET")) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) state.faults.shift();
      if (!fault.commit) return faultResponse(fault);
      const done = await api(state, request, url);
      if (requestId && done.ok) state.requestIds.set(requestId, { status: done.status, body: await done.json() });
      return faultResponse(fault);
    }
    const answer = await api(state, request, url);
    if (request.method === "POST" && requestId && answer.ok) state.requestIds.set(requestId, { status: answer.status, body: await answer.clone().json() });
    return answer;
  },
};
