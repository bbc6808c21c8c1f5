// WooCommerce REST API v3 FAKE (not WooCommerce): the listing side of `/wp-json/wc/v3/` as the
// plugin's controllers answer it (woocommerce/woocommerce `class-wc-rest-crud-controller.php`
// `get_collection_params()` / `get_items()`, `class-wc-rest-authentication.php`).
//
// Hosts: any `<site>.woo.test` (a WooCommerce shop is its own host: the connection's `baseUrl`).
// State is per host, so tests with unique sites never see each other.
//
// What it is strict about, as the real API is:
// - HTTP Basic with the site's consumer key/secret, else 401 `woocommerce_rest_authentication_error`
//   (the real code says "Consumer key is invalid." / "Invalid signature - provided signature does not match.");
// - `per_page` 1..100 else 400 `rest_invalid_param`; `page` >= 1; `orderby` in date|id|include|title|slug|modified;
// - `modified_after` / `modified_before` compared in GMT only when `dates_are_gmt=true` (else in the
//   site's timezone, here UTC+2, as a site configured so would);
// - `X-WP-Total` / `X-WP-TotalPages` on every collection answer, errors as WP_Error JSON
//   `{code, message, data: {status}}`;
// - a per-site request limit (hosts enforce one; core does not): more than LIMIT requests in any
//   WINDOW_MS -> 429 with `Retry-After` (counted in `served429`).
//
// Control (test only): POST /__fake/seed {consumerKey, consumerSecret, orders?, customers?, products?}
// (objects replace those with the same id), POST /__fake/faults [{status, body?, contentType?, times?,
// commit? (carried out, then answered by the fault: a lost answer)}],
// GET /__fake/counters -> {calls, maxConcurrent, served429, byPath, emails}. Order writes and notes:
// woocommerce-orders.mjs. Stock (products/variations by SKU, the batch endpoints): woocommerce-stock.mjs.
// Prices (seed `variations`, `currency`; GET /__fake/webhooks): woocommerce-prices.mjs. A batch whose
// items carry `regular_price` goes to the price part, others to the stock part (neither takes both).

import { seedStock, stockControl, stockRoute } from "./woocommerce-stock.mjs";
import { pricesRoute, variationsOf } from "./woocommerce-prices.mjs";
import { orderWrite } from "./woocommerce-orders.mjs";

export const name = "woocommerce";
export const LIMIT = { requests: 60, windowMs: 10_000 };
/** A site configured in UTC+2: without dates_are_gmt=true the filters are read as local times. */
const SITE_OFFSET_MS = 2 * 3600_000;
const COLLECTIONS = ["orders", "customers", "products"];
const ORDERBY = new Set(["date", "id", "include", "title", "slug", "modified"]);
const CUSTOMER_ORDERBY = new Set(["id", "include", "name", "registered_date"]);

const sites = new Map();

function site(host) {
  let s = sites.get(host);
  if (!s) {
    s = {
      key: null,
      secret: null,
      objects: { orders: new Map(), customers: new Map(), products: new Map() },
      faults: [],
      calls: 0,
      inFlight: 0,
      maxConcurrent: 0,
      served429: 0,
      starts: [],
      byPath: {},
    };
    sites.set(host, s);
  }
  return s;
}

export function matches(url) {
  return url.hostname.endsWith(".woo.test");
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8", ...headers } });
const wpError = (status, code, message) => json(status, { code, message, data: { status } });

export async function fetch(request) {
  const url = new URL(request.url);
  const s = site(url.hostname);
  if (url.pathname.startsWith("/__fake/")) return control(s, url, request);

  s.calls++;
  s.byPath[url.pathname] = (s.byPath[url.pathname] ?? 0) + 1;
  const now = Date.now();
  s.starts = s.starts.filter((t) => t > now - LIMIT.windowMs);
  if (s.starts.length >= LIMIT.requests) {
    s.served429++;
    const retryAfter = Math.max(1, Math.ceil((s.starts[0] + LIMIT.windowMs - now) / 1000));
    return new Response("<html><body><h1>429 Too Many Requests</h1></body></html>", {
      status: 429,
      headers: { "content-type": "text/html", "retry-after": String(retryAfter) },
    });
  }
  s.starts.push(now);
  s.inFlight++;
  s.maxConcurrent = Math.max(s.maxConcurrent, s.inFlight);
  try {
    // A little latency, so concurrency is observable.
    await new Promise((r) => setTimeout(r, 2));
    const fault = s.faults[0];
    // A lost-answer fault waits for a write (a lost read changes nothing).
    if (fault && !(fault.commit && request.method === "GET")) {
      if (--fault.times <= 0) s.faults.shift();
      // A lost answer: the request is carried out, then answered by the fault.
      if (fault.commit) await ((await orderWrite(s, url, request, authorized)) ?? answer(s, url, request));
      return new Response(fault.body ?? "", { status: fault.status, headers: { "content-type": fault.contentType ?? "text/html" } });
    }
    const batchText = request.method === "POST" && /\/batch$/.test(url.pathname) ? await request.clone().text() : "";
    const priceBatch = batchText.includes('"regular_price"');
    // Real WooCommerce applies both in one batch; this fake's two parts do not, so such a call fails
    // loudly here instead of silently dropping half of it.
    if (priceBatch && batchText.includes('"stock_quantity"')) {
      return wpError(501, "fake_mixed_batch", "test double: send stock_quantity and regular_price in separate batches (woocommerce-stock.mjs / woocommerce-prices.mjs)");
    }
    if (!priceBatch) {
      const stocked = await stockRoute(s, url, request, { authorized, json, wpError });
      if (stocked) return stocked;
    }
    return (await orderWrite(s, url, request, authorized)) ?? (await answer(s, url, request));
  } finally {
    s.inFlight--;
  }
}

function authorized(s, request) {
  const header = request.headers.get("authorization") ?? "";
  if (!header.startsWith("Basic ")) return "Consumer key is missing.";
  let decoded;
  try {
    decoded = atob(header.slice(6));
  } catch {
    return "Consumer key is invalid.";
  }
  const [key, ...rest] = decoded.split(":");
  if (!s.key || key !== s.key) return "Consumer key is invalid.";
  if (rest.join(":") !== s.secret) return "Consumer secret is invalid.";
  return null;
}

async function answer(s, url, request) {
  // The outbound price flow's calls (woocommerce-prices.mjs), authenticated like the rest.
  if (url.pathname.startsWith("/wp-json/wc/v3/")) {
    const priced = await pricesRoute(s, url, request, authorized(s, request));
    if (priced) return priced;
  }
  const match = /^\/wp-json\/wc\/v3\/(orders|customers|products)(?:\/(\d+))?$/.exec(url.pathname);
  if (!match) return wpError(404, "rest_no_route", "No route was found matching the URL and request method.");
  const refusal = authorized(s, request);
  if (refusal) return wpError(401, "woocommerce_rest_authentication_error", refusal);
  if (request.method !== "GET") return wpError(404, "rest_no_route", "No route was found matching the URL and request method.");
  const [, collection, id] = match;
  const objects = s.objects[collection];
  if (id) {
    const found = objects.get(id);
    const singular = collection.slice(0, -1);
    return found ? json(200, found) : wpError(404, `woocommerce_rest_${singular === "order" ? "shop_order" : singular}_invalid_id`, "Invalid ID.");
  }
  const q = url.searchParams;
  const perPage = Number(q.get("per_page") ?? "10");
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    return json(400, {
      code: "rest_invalid_param",
      message: "Invalid parameter(s): per_page",
      data: { status: 400, params: { per_page: "per_page must be between 1 (inclusive) and 100 (inclusive)" } },
    });
  }
  const page = Number(q.get("page") ?? "1");
  if (!Number.isInteger(page) || page < 1) {
    return json(400, { code: "rest_invalid_param", message: "Invalid parameter(s): page", data: { status: 400, params: { page: "page must be greater than or equal to 1" } } });
  }
  const orderby = q.get("orderby") ?? (collection === "customers" ? "name" : "date");
  // Customers sort by their own set and have no modified_* filters (WordPress ignores unknown args).
  const allowed = collection === "customers" ? CUSTOMER_ORDERBY : ORDERBY;
  if (!allowed.has(orderby)) {
    return json(400, { code: "rest_invalid_param", message: "Invalid parameter(s): orderby", data: { status: 400, params: { orderby: `orderby is not one of ${[...allowed].join(", ")}.` } } });
  }
  const gmt = q.get("dates_are_gmt") === "true";
  const bound = (name) => {
    const raw = q.get(name);
    if (!raw) return null;
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`);
    return Number.isNaN(ms) ? NaN : gmt ? ms : ms - SITE_OFFSET_MS;
  };
  const after = collection === "customers" ? null : bound("modified_after");
  const before = collection === "customers" ? null : bound("modified_before");
  if (Number.isNaN(after) || Number.isNaN(before)) {
    return json(400, { code: "rest_invalid_param", message: "Invalid parameter(s): modified_after", data: { status: 400 } });
  }
  const modified = (o) => Date.parse(`${o.date_modified_gmt}Z`);
  let rows = [...objects.values()].filter((o) => (after === null || modified(o) > after) && (before === null || modified(o) < before));
  const desc = (q.get("order") ?? "desc") === "desc";
  const key = orderby === "modified" ? modified : orderby === "id" ? (o) => o.id : (o) => Date.parse(`${o.date_created_gmt ?? o.date_modified_gmt}Z`);
  rows.sort((a, b) => (key(a) - key(b) || a.id - b.id) * (desc ? -1 : 1));
  const total = rows.length;
  const totalPages = Math.ceil(total / perPage);
  rows = rows.slice((page - 1) * perPage, page * perPage);
  return json(200, rows, { "x-wp-total": String(total), "x-wp-totalpages": String(totalPages) });
}

async function control(s, url, request) {
  if (url.pathname === "/__fake/seed" && request.method === "POST") {
    const body = await request.json();
    if (body.consumerKey) s.key = body.consumerKey;
    if (body.consumerSecret) s.secret = body.consumerSecret;
    for (const collection of COLLECTIONS) for (const o of body[collection] ?? []) s.objects[collection].set(String(o.id), o);
    seedStock(s, body);
    for (const v of body.variations ?? []) variationsOf(s).set(String(v.id), { type: "variation", ...v });
    if (body.currency) s.currency = body.currency;
    return json(200, { ok: true, counts: Object.fromEntries(COLLECTIONS.map((c) => [c, s.objects[c].size])) });
  }
  if (url.pathname === "/__fake/faults" && request.method === "POST") {
    for (const f of await request.json()) s.faults.push({ times: 1, ...f });
    return json(200, { ok: true });
  }
  const stock = stockControl(s, url, json);
  if (stock) return stock;
  if (url.pathname === "/__fake/webhooks") return json(200, variationsOf(s) && s.webhooks);
  if (url.pathname === "/__fake/counters") {
    return json(200, { calls: s.calls, maxConcurrent: s.maxConcurrent, served429: s.served429, byPath: s.byPath, limit: LIMIT, emails: s.emails ?? { completed: 0, customerNotes: 0 } });
  }
  return json(404, { error: "unknown fake control" });
}
