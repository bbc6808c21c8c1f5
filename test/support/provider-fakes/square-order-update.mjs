// The Square fake's order reads and updates (developer.squareup.com/reference/square/orders-api):
// - `GET /v2/orders/{order_id}` -> `{order}`; unknown -> 404 `NOT_FOUND`.
// - `PUT /v2/orders/{order_id}` `{order: {location_id, version, fulfillments: [{uid, state,
//   shipment_details}]}, idempotency_key}`: a sparse update, merged by fulfilment `uid`; `version`
//   must be the order's current one, else 400 `VERSION_MISMATCH` ("Supplied version 1 does not match
//   the current version 2", optimistic concurrency); every update bumps the version and
//   `updated_at`. The same `idempotency_key` again answers the first update's result without
//   applying anything (an idempotent replay).
// Returns null for other routes.

const STATES = new Set(["PROPOSED", "RESERVED", "PREPARED", "COMPLETED", "CANCELED", "FAILED"]);
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const invalid = (code, detail, field) => json({ errors: [{ category: "INVALID_REQUEST_ERROR", code, detail, ...(field ? { field } : {}) }] }, 400);

export async function orderUpdate(state, request, url) {
  const match = /^\/v2\/orders\/([^/]+)$/.exec(url.pathname);
  if (!match || match[1] === "batch-retrieve" || match[1] === "search") return null;
  const id = decodeURIComponent(match[1]);
  const order = state.orders.get(id);
  if (request.method === "GET") {
    return order ? json({ order }) : json({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Order ${id} not found.` }] }, 404);
  }
  if (request.method !== "PUT") return null;
  let body;
  try {
    body = await request.json();
  } catch {
    return invalid("EXPECTED_JSON_BODY", "The request body is not a JSON object");
  }
  state.replays ??= new Map();
  const key = body.idempotency_key;
  if (typeof key === "string" && state.replays.has(key)) {
    state.counters.replays = (state.counters.replays ?? 0) + 1;
    return json(state.replays.get(key));
  }
  if (!order) return json({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Order ${id} not found.` }] }, 404);
  const change = body.order ?? {};
  if (typeof change.version !== "number") return invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "order.version");
  if (change.version !== order.version) {
    return invalid("VERSION_MISMATCH", `Supplied version ${change.version} does not match the current version ${order.version}`, "order.version");
  }
  for (const f of change.fulfillments ?? []) {
    if (f.state !== undefined && !STATES.has(f.state)) return invalid("INVALID_ENUM_VALUE", `\`${f.state}\` is not a valid enum value for \`fulfillment.state\`.`, "order.fulfillments.state");
    if (!order.fulfillments?.some((x) => x.uid === f.uid)) return invalid("NOT_FOUND", `Fulfillment with uid ${f.uid} not found.`, "order.fulfillments.uid");
  }
  for (const f of change.fulfillments ?? []) {
    const current = order.fulfillments.find((x) => x.uid === f.uid);
    if (f.state) current.state = f.state;
    if (f.shipment_details) current.shipment_details = { ...current.shipment_details, ...f.shipment_details };
  }
  order.version += 1;
  order.updated_at = new Date().toISOString();
  state.counters.orderUpdates = (state.counters.orderUpdates ?? 0) + 1;
  const answer = { order };
  if (typeof key === "string") state.replays.set(key, structuredClone(answer));
  return json(answer);
}
