// Fake of Shopify's GraphQL Admin API (shopify.dev/docs/api/admin-graphql), per shop
// (`<name>.myshopify.com`):
// - `POST /admin/api/{version}/graphql.json` with `X-Shopify-Access-Token`; a wrong token is 401
//   `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`,
//   an unknown shop 404.
// - The cost bucket of the shop (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
//   the requested cost must be available before a query runs (else HTTP 200 with
//   `errors[0].extensions.code = "THROTTLED"`), the unused part is refunded afterwards, the bucket
//   restores at `restoreRate` points a second; every answer carries `extensions.cost`
//   (`requestedQueryCost`, `actualQueryCost`, `throttleStatus`). A query above 1000 requested
//   points is refused (`MAX_COST_EXCEEDED`).
// - Queries: `shop`, `orders`/`customers`/`products` (cursor paging, `sortKey`, the search
//   `query` with `updated_at` comparisons), `order(id:)`/`customer(id:)`/`product(id:)`; nested
//   connections (line items, shipping lines, variants) page by cursor too. A field the schema below
//   does not have is refused as Shopify refuses it.
// - Mutations (10 points each, plus their payload): `inventorySetQuantities` (shopify-inventory.mjs),
//   `fulfillmentCreate`, `fulfillmentTrackingInfoUpdate` (shopify-fulfillments.mjs), `orderMarkAsPaid`
//   (shopify-order-payments.mjs).
//
// Control (tests only), on the shop's host:
//   POST /__fake/seed      {accessToken, bucket?: {maximumAvailable, restoreRate}, currencyCode?,
//                           orders?, customers?, products?}  (GraphQL-shaped objects, by legacyResourceId)
//                           inventory? (variants by SKU, levels, inventorySetQuantities: shopify-inventory.mjs)
//   POST /__fake/faults    {faults: [{status?, body: "html"|"garbage"|"json"|"empty", times?, commit?}]}
//                          (commit: true = the next mutation is carried out, then answered by the fault: a lost answer)
//   GET  /__fake/orders/{id}  the stored order with its fulfilment orders and fulfilments
//   GET  /__fake/counters  {calls, throttled, pointsRequested, pointsSpent, unauthorized, maxConcurrent}
//   GET  /__fake/webhooks  the webhooks Shopify would send about price and consent writes (shopify-prices-consent.mjs)
import { GraphQLError, argValue, decodeCursor, encodeCursor, execute, parse, requestedCost } from "./shopify-graphql.mjs";
import { addInventorySchema, inventoryControl, isInvalidVariable, resolveInventoryRoot, seedInventory } from "./shopify-inventory.mjs";
import { MUTATIONS as PRICE_CONSENT_MUTATIONS, PRICE_CONSENT_FIELDS, PRICE_CONSENT_SCHEMA, checkMutationVariables, exactTermFilter, variantsOf } from "./shopify-prices-consent.mjs";
import { addPaymentSchema, resolvePaymentRoot } from "./shopify-order-payments.mjs";
import { FULFILLMENT_MUTATIONS, FULFILLMENT_SCHEMA, withFulfillmentOrders } from "./shopify-fulfillments.mjs";

const S = "scalar";
const obj = (type) => ({ object: type });
const conn = (type) => ({ connection: type });
const MONEY_BAG = obj("MoneyBag");

/** The part of the Admin schema (2026-10) the fake serves. */
const SCHEMA = {
  QueryRoot: {
    shop: obj("Shop"),
    orders: conn("Order"),
    customers: conn("Customer"),
    products: conn("Product"),
    order: obj("Order"),
    customer: obj("Customer"),
    product: obj("Product"),
  },
  Shop: { name: S, currencyCode: S, myshopifyDomain: S },
  Order: {
    id: S, legacyResourceId: S, name: S, email: S, phone: S, currencyCode: S, displayFinancialStatus: S,
    displayFulfillmentStatus: S, cancelledAt: S, cancelReason: S, closedAt: S, createdAt: S, processedAt: S, updatedAt: S, note: S,
    totalPriceSet: MONEY_BAG, subtotalPriceSet: MONEY_BAG, totalTaxSet: MONEY_BAG, totalDiscountsSet: MONEY_BAG,
    customer: obj("Customer"), billingAddress: obj("MailingAddress"), shippingAddress: obj("MailingAddress"),
    lineItems: conn("LineItem"), shippingLines: conn("ShippingLine"),
  },
  MoneyBag: { shopMoney: obj("MoneyV2"), presentmentMoney: obj("MoneyV2") },
  MoneyV2: { amount: S, currencyCode: S },
  Customer: {
    id: S, legacyResourceId: S, firstName: S, lastName: S, displayName: S, createdAt: S, updatedAt: S, note: S,
    defaultEmailAddress: obj("CustomerEmailAddress"), defaultPhoneNumber: obj("CustomerPhoneNumber"), defaultAddress: obj("MailingAddress"),
  },
  CustomerEmailAddress: { emailAddress: S, marketingState: S },
  CustomerPhoneNumber: { phoneNumber: S, marketingState: S },
  MailingAddress: {
    name: S, firstName: S, lastName: S, company: S, address1: S, address2: S, city: S, zip: S, province: S, provinceCode: S,
    country: S, countryCodeV2: S, phone: S,
  },
  LineItem: {
    id: S, sku: S, name: S, title: S, quantity: S, variantTitle: S, vendor: S,
    product: obj("Product"), variant: obj("ProductVariant"),
    originalUnitPriceSet: MONEY_BAG, discountedUnitPriceSet: MONEY_BAG, totalDiscountSet: MONEY_BAG,
  },
  ShippingLine: { id: S, title: S, code: S, originalPriceSet: MONEY_BAG, discountedPriceSet: MONEY_BAG },
  Product: {
    id: S, legacyResourceId: S, title: S, handle: S, vendor: S, productType: S, status: S, createdAt: S, updatedAt: S,
    variants: conn("ProductVariant"),
  },
  ProductVariant: { id: S, legacyResourceId: S, sku: S, barcode: S, title: S, price: S, compareAtPrice: S },
  MutationRoot: {},
};
addInventorySchema(SCHEMA);
addPaymentSchema(SCHEMA);

for (const [type, fields] of Object.entries(FULFILLMENT_SCHEMA)) SCHEMA[type] = { ...SCHEMA[type], ...fields };
// The price and consent part (shopify-prices-consent.mjs): its mutations, their payloads, the
// `productVariants` root connection and a few fields of existing types.
for (const [type, fields] of Object.entries(PRICE_CONSENT_SCHEMA)) {
  const name = type === "Mutation" ? "MutationRoot" : type;
  SCHEMA[name] = { ...SCHEMA[name], ...fields };
}
for (const [type, fields] of Object.entries(PRICE_CONSENT_FIELDS)) SCHEMA[type] = { ...SCHEMA[type], ...fields };
SCHEMA.QueryRoot.productVariants ??= conn("ProductVariant");

/** A mutation costs 10 points before what it selects (shopify.dev rate limits, "Mutations"). */
const MUTATION_COST = 10;
const MAX_QUERY_COST = 1000;
const ROOT_LISTS = { orders: "Order", customers: "Customer", products: "Product" };
const ROOT_ONE = { order: "orders", customer: "customers", product: "products" };
const SORT_KEYS = { ID: null, UPDATED_AT: "updatedAt", CREATED_AT: "createdAt" };

/** @type {Map<string, any>} shop domain -> state */
const shops = new Map();

function shopState(shop) {
  let state = shops.get(shop);
  if (!state) {
    state = {
      accessToken: null,
      currencyCode: "USD",
      bucket: { maximumAvailable: 1000, restoreRate: 100, available: 1000, at: Date.now() },
      objects: { orders: new Map(), customers: new Map(), products: new Map() },
      faults: [],
      webhooks: [],
      counters: { calls: 0, throttled: 0, pointsRequested: 0, pointsSpent: 0, unauthorized: 0, maxConcurrent: 0, inFlight: 0 },
    };
    shops.set(shop, state);
  }
  return state;
}

const json = (body, status = 200, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });

function refill(bucket, now) {
  bucket.available = Math.min(bucket.maximumAvailable, bucket.available + ((now - bucket.at) / 1000) * bucket.restoreRate);
  bucket.at = now;
}

const throttleStatus = (bucket) => ({
  maximumAvailable: bucket.maximumAvailable,
  currentlyAvailable: Math.floor(bucket.available),
  restoreRate: bucket.restoreRate,
});

const GID_TYPES = { orders: "Order", customers: "Customer", products: "Product" };

function seed(state, body) {
  if (typeof body.accessToken === "string") state.accessToken = body.accessToken;
  if (typeof body.currencyCode === "string") state.currencyCode = body.currencyCode;
  if (body.bucket) {
    const size = body.bucket.maximumAvailable ?? state.bucket.maximumAvailable;
    state.bucket = { maximumAvailable: size, restoreRate: body.bucket.restoreRate ?? state.bucket.restoreRate, available: size, at: Date.now() };
  }
  for (const list of Object.keys(GID_TYPES)) {
    for (const item of body[list] ?? []) {
      const id = String(item.legacyResourceId);
      const stored = { ...item, legacyResourceId: id, id: `gid://shopify/${GID_TYPES[list]}/${id}` };
      state.objects[list].set(id, list === "orders" ? withFulfillmentOrders(stored) : stored);
    }
  }
  seedInventory(state, body);
}

/** `updated_at:>='2026-01-01T00:00:00Z' AND updated_at:<'...'` (Shopify search syntax) as a predicate. */
function searchFilter(query) {
  if (!query) return () => true;
  const tests = [];
  for (const term of query.split(/\s+AND\s+/i)) {
    const m = /^\s*(updated_at|created_at):(<=|>=|<|>)?'?([^']+?)'?\s*$/.exec(term);
    if (!m) continue; // Shopify ignores search terms it cannot apply (it warns in extensions.search)
    const field = m[1] === "updated_at" ? "updatedAt" : "createdAt";
    const bound = Date.parse(m[3]);
    if (Number.isNaN(bound)) continue;
    const op = m[2] ?? "=";
    tests.push((item) => {
      const at = Date.parse(item[field]);
      return op === ">=" ? at >= bound : op === ">" ? at > bound : op === "<=" ? at <= bound : op === "<" ? at < bound : at === bound;
    });
  }
  return (item) => tests.every((t) => t(item));
}

function resolveRootFor(state, version) {
  return (selection, variables) => {
    const inventory = resolveInventoryRoot(state, selection, variables, argValue, version);
    if (inventory !== undefined) return inventory;
    const payment = resolvePaymentRoot(state, selection, variables, argValue);
    if (payment !== undefined) return payment;
    const list = ROOT_LISTS[selection.name] || selection.name === "productVariants" ? selection.name : null;
    if (list) {
      const sortKey = argValue(selection.args.sortKey, variables) ?? "ID";
      if (!(sortKey in SORT_KEYS)) throw new GraphQLError(`Argument 'sortKey' on Field '${selection.name}' has an invalid value (${sortKey}).`, { code: "argumentLiteralsIncompatible" });
      const field = SORT_KEYS[sortKey];
      const keyOf = (item) => [field ? Date.parse(item[field]) : 0, Number(item.legacyResourceId)];
      const compare = (a, b) => a[0] - b[0] || a[1] - b[1];
      const query = argValue(selection.args.query, variables);
      const filter = searchFilter(query);
      const exact = exactTermFilter(query) ?? (() => true);
      const all = list === "productVariants" ? variantsOf(state) : [...state.objects[list].values()];
      const items = all.filter((item) => filter(item) && exact(item)).sort((a, b) => compare(keyOf(a), keyOf(b)));
      const first = argValue(selection.args.first, variables);
      const after = argValue(selection.args.after, variables);
      let start = 0;
      if (after) {
        const key = decodeCursor(after).key;
        if (!Array.isArray(key)) throw new GraphQLError("Invalid cursor for current pagination sort.", { code: "badRequest" });
        start = items.findIndex((item) => compare(keyOf(item), key) > 0);
        if (start < 0) start = items.length;
      }
      const page = items.slice(start, start + (first ?? 0));
      return { items: page, hasNextPage: start + page.length < items.length, hasPreviousPage: start > 0, cursorOf: (item) => encodeCursor({ key: keyOf(item) }) };
    }
    if (selection.name in ROOT_ONE) {
      const id = String(argValue(selection.args.id, variables) ?? "");
      const m = /^gid:\/\/shopify\/(\w+)\/(\d+)$/.exec(id);
      if (!m) throw new GraphQLError(`Invalid global id '${id}'`, { code: "argumentLiteralsIncompatible" });
      return state.objects[ROOT_ONE[selection.name]].get(m[2]) ?? null;
    }
    if (selection.name === "shop") return { name: "Fake shop", currencyCode: state.currencyCode };
    return null;
  };
}

const rootOf = (document) => (document.operation === "mutation" ? "MutationRoot" : "QueryRoot");

/** Mutations: each root field's resolver, with its arguments' values. */
function resolveMutationFor(state, version) {
  const resolvers = { ...FULFILLMENT_MUTATIONS, ...PRICE_CONSENT_MUTATIONS };
  return (selection, variables) => {
    const inventory = resolveInventoryRoot(state, selection, variables, argValue, version);
    if (inventory !== undefined) return inventory;
    const payment = resolvePaymentRoot(state, selection, variables, argValue);
    if (payment !== undefined) return payment;
    const resolver = resolvers[selection.name];
    if (!resolver) throw new GraphQLError(`Field '${selection.name}' doesn't exist on type 'Mutation'`, { code: "undefinedField" });
    const args = Object.fromEntries(Object.entries(selection.args).map(([name, arg]) => [name, argValue(arg, variables)]));
    return resolver(state, args);
  };
}

function faultResponse(fault) {
  const status = fault.status ?? 200;
  if (fault.body === "html") return new Response("<!DOCTYPE html><html><body><h1>There was a problem loading this website</h1></body></html>", { status, headers: { "content-type": "text/html" } });
  if (fault.body === "garbage") return new Response("\u0000\u0001{not json", { status, headers: { "content-type": "application/json" } });
  if (fault.body === "empty") return new Response(null, { status });
  return json(fault.json ?? { errors: "Internal Server Error" }, status, fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {});
}

async function graphqlCall(state, request, version) {
  const counters = state.counters;
  const token = request.headers.get("x-shopify-access-token");
  if (!state.accessToken || token !== state.accessToken) {
    counters.unauthorized++;
    return json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, 401);
  }
  const fault = state.faults[0];
  // A lost answer: the next MUTATION is carried out (and commits), then answered by this fault
  // instead (a read whose answer is lost changes nothing, so reads pass).
  if (fault?.commit && /^\s*mutation\b/.test(String((await request.clone().json().catch(() => ({}))).query ?? ""))) {
    state.faults.shift();
    fault.times = (fault.times ?? 1) - 1;
    await graphqlCall(state, request, version);
    if (fault.times > 0) state.faults.unshift(fault);
    return faultResponse(fault);
  }
  if (fault && !fault.commit) {
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) state.faults.shift();
    return faultResponse(fault);
  }
  let body;
  try {
    body = await request.json();
  } catch {
    return json({ errors: { query: "Required parameter missing or invalid" } }, 400);
  }
  const variables = body.variables ?? {};
  const bucket = state.bucket;
  refill(bucket, Date.now());
  let document;
  let requested;
  try {
    document = parse(String(body.query ?? ""));
    for (const name of document.variables) if (!(name in variables)) variables[name] = null;
    requested = requestedCost(SCHEMA, rootOf(document), document.selections, variables);
    const invalid = document.operation === "mutation" ? checkMutationVariables(variables) : null;
    if (invalid) throw new GraphQLError(invalid, { code: "INVALID_VARIABLE" });
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return json({ errors: [{ message: err.message, extensions: err.extensions }] });
  }
  counters.pointsRequested += requested;
  if (requested > MAX_QUERY_COST) {
    return json({
      errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus(bucket) } },
    });
  }
  if (requested > bucket.available) {
    counters.throttled++;
    return json({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits#rate-limits" } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus(bucket) } },
    });
  }
  bucket.available -= requested;
  let result;
  try {
    result = document.operation === "mutation"
      ? execute(SCHEMA, "MutationRoot", {}, document.selections, variables, resolveMutationFor(state, version))
      : execute(SCHEMA, "QueryRoot", {}, document.selections, variables, resolveRootFor(state, version));
    // requestedCost charges each mutation field MUTATION_COST; it is spent too.
    if (document.operation === "mutation") result.actualCost += MUTATION_COST * document.selections.length;
  } catch (err) {
    bucket.available += requested;
    if (isInvalidVariable(err)) return json({ errors: [{ message: err.message, extensions: { code: "INVALID_VARIABLE" } }] });
    if (!(err instanceof GraphQLError)) throw err;
    return json({ errors: [{ message: err.message, extensions: err.extensions }] });
  }
  // The unused part of the requested cost goes back into the bucket.
  bucket.available = Math.min(bucket.maximumAvailable, bucket.available + requested - result.actualCost);
  counters.pointsSpent += result.actualCost;
  return json({
    data: result.data,
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: result.actualCost, throttleStatus: throttleStatus(bucket) } },
  });
}

export default {
  name: "shopify",
  matches(url) {
    return url.hostname.endsWith(".myshopify.com");
  },
  async fetch(request) {
    const url = new URL(request.url);
    const shop = url.hostname;
    if (url.pathname.startsWith("/__fake/")) {
      const state = shopState(shop);
      if (url.pathname === "/__fake/seed" && request.method === "POST") {
        seed(state, await request.json());
        return json({ ok: true });
      }
      if (url.pathname === "/__fake/faults" && request.method === "POST") {
        const body = await request.json();
        state.faults.push(...(body.faults ?? []));
        return json({ ok: true });
      }
      const inventory = await inventoryControl(state, url, request, json);
      if (inventory) return inventory;
      const orderPath = /^\/__fake\/orders\/(\d+)$/.exec(url.pathname);
      if (orderPath) {
        const order = state.objects.orders.get(orderPath[1]);
        return order ? json(order) : json({ error: "no such order" }, 404);
      }
      // The webhooks Shopify would send about the writes made (products/update, customers/update).
      if (url.pathname === "/__fake/webhooks") return json(state.webhooks);
      if (url.pathname === "/__fake/counters") {
        const { inFlight, ...counters } = state.counters;
        return json({ ...counters, throttleStatus: (refill(state.bucket, Date.now()), throttleStatus(state.bucket)) });
      }
      return json({ error: "unknown control endpoint" }, 404);
    }
    const state = shops.get(shop);
    const m = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(url.pathname);
    if (!state || !m) return json({ errors: "Not Found" }, 404);
    if (request.method !== "POST") return json({ errors: "Not Found" }, 404);
    const counters = state.counters;
    counters.calls++;
    counters.inFlight++;
    counters.maxConcurrent = Math.max(counters.maxConcurrent, counters.inFlight);
    try {
      const response = await graphqlCall(state, request, m[1]);
      response.headers.set("x-shopify-api-version", m[1]);
      return response;
    } finally {
      counters.inFlight--;
    }
  },
};
