/**
 * Shopify's GraphQL Admin API client (reconciliation: what changed since a watermark).
 *
 * - Credentials: `{shop, accessToken}`: the `*.myshopify.com` domain and an Admin API access token,
 *   sent as `X-Shopify-Access-Token` (shopify.dev/docs/api/admin: not `Authorization`).
 * - Endpoint: `POST https://{shop}/admin/api/2026-10/graphql.json`. The version is pinned in the
 *   path: Shopify releases one per quarter and supports each for at least 12 months, and a retired
 *   version silently "falls forward" to the oldest supported one (shopify.dev/docs/api/usage/
 *   versioning), so an unpinned or stale version changes field semantics without an error.
 *   2026-10 is the newest stable version in December 2026 (`@shopify/shopify-api@15` ApiVersion);
 *   bump it before it leaves the window (2027-10).
 * - Rate limit: a leaky bucket of query cost per app and store; the requested cost must be in the
 *   bucket before a query runs (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits). Every
 *   answer reports `extensions.cost.throttleStatus` (`maximumAvailable`, `currentlyAvailable`,
 *   `restoreRate`), which the gate follows; a query the bucket cannot hold is answered HTTP 200
 *   with `errors[].extensions.code = "THROTTLED"` (not a 429), which waits
 *   ceil((requested - available) / restoreRate) seconds.
 * - Webhooks are full objects, so nothing is hydrated (`hydrates: []`).
 * - Scopes: `read_orders`, `read_customers`, `read_products` (a missing one is a GraphQL
 *   ACCESS_DENIED: `config`). Orders older than 60 days are only visible with `read_all_orders`.
 *
 * The listed objects go through the webhook module's own normalizing (src/providers/shopify.ts),
 * from the REST-shaped payload a webhook would carry: the same externalId (the numeric id,
 * `legacyResourceId`) and version (`updated_at` in epoch ms), so the entity objects see one entity
 * and order API and webhook versions together.
 */
import * as z from "zod";
import type { EntityKind } from "../events/canonical";
import { array, idOf, object, text, type Json } from "./json-values";
import { checkNormalized } from "./ingest-limits";
import type { NormalizedEvent } from "./provider";
import {
  ProviderApiError,
  type ApiSession,
  type ChangePage,
  type ChangeWindow,
  type ProviderApi,
  type RateSignal,
} from "./provider-api";
import { costOf, operation, render, type Selection } from "./shopify-graphql-query";

export const SHOPIFY_API_VERSION = "2026-10";
export const SHOPIFY_GRAPHQL_PATH = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;

/** A shop's permanent domain: `<handle>.myshopify.com` (the credentials go to this host). */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const credentialsSchema = z
  .object({
    shop: z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.string().regex(SHOP_DOMAIN, 'must be the shop\'s "<name>.myshopify.com" domain (not a custom domain, no scheme or path)')),
    accessToken: z.string().min(1, "the Admin API access token (X-Shopify-Access-Token) is required"),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type ShopifyCredentials = z.infer<typeof credentialsSchema>;

// ---- the queries (one definition: text and requested cost) ----

const money: Selection[] = [{ field: "shopMoney", of: ["amount", "currencyCode"] }];
const mailingAddress: Selection[] = [
  "name", "firstName", "lastName", "company", "address1", "address2", "city", "zip", "provinceCode", "countryCodeV2", "phone",
];
const LINE_ITEMS_PER_ORDER = 20;
const SHIPPING_LINES_PER_ORDER = 3;
const VARIANTS_PER_PRODUCT = 50;
/** Items of a nested list read per call when an object has more than its first page. */
const NESTED_PAGE = 100;

const lineItem: Selection[] = [
  "id", "sku", "name", "quantity",
  { field: "product", of: ["legacyResourceId"] },
  { field: "variant", of: ["legacyResourceId"] },
  { field: "originalUnitPriceSet", of: money },
  { field: "totalDiscountSet", of: money },
];
const shippingLine: Selection[] = ["title", { field: "originalPriceSet", of: money }, { field: "discountedPriceSet", of: money }];
const customer: Selection[] = [
  "legacyResourceId", "firstName", "lastName", "updatedAt",
  { field: "defaultEmailAddress", of: ["emailAddress"] },
  { field: "defaultPhoneNumber", of: ["phoneNumber"] },
  { field: "defaultAddress", of: mailingAddress },
];
const variant: Selection[] = ["legacyResourceId", "sku", "barcode", "title", "price"];
const order: Selection[] = [
  "id", "legacyResourceId", "name", "email", "currencyCode", "displayFinancialStatus", "cancelledAt", "createdAt", "updatedAt", "note",
  { field: "totalPriceSet", of: money },
  { field: "customer", of: customer.filter((s) => s !== "updatedAt") },
  { field: "billingAddress", of: mailingAddress },
  { field: "shippingAddress", of: mailingAddress },
  { field: "lineItems", first: LINE_ITEMS_PER_ORDER, of: lineItem },
  { field: "shippingLines", first: SHIPPING_LINES_PER_ORDER, of: shippingLine },
];
const product: Selection[] = [
  "id", "legacyResourceId", "title", "vendor", "productType", "status", "updatedAt",
  { field: "variants", first: VARIANTS_PER_PRODUCT, of: variant },
];

const LIST_ARGS = "after: $after, query: $query, sortKey: UPDATED_AT";
const LIST_VARIABLES = "$after: String, $query: String!";

/** What each listable kind reads: the root connection, its page size (under 1000 points) and the webhook topic it stands for. */
const LISTINGS = {
  order: {
    topic: "orders/updated",
    ...operation("OrdersUpdatedSince", LIST_VARIABLES, [{ field: "orders", first: 5, args: LIST_ARGS, of: order }]),
    root: "orders",
  },
  customer: {
    topic: "customers/update",
    ...operation("CustomersUpdatedSince", LIST_VARIABLES, [{ field: "customers", first: 100, args: LIST_ARGS, of: customer }]),
    root: "customers",
  },
  product: {
    topic: "products/update",
    // Product payloads carry no currency: the shop's currency prices the variants.
    ...operation("ProductsUpdatedSince", LIST_VARIABLES, [
      { field: "shop", of: ["currencyCode"] },
      { field: "products", first: 15, args: LIST_ARGS, of: product },
    ]),
    root: "products",
  },
} as const;
type ListedKind = keyof typeof LISTINGS;
const LISTED_KINDS = Object.keys(LISTINGS) as ListedKind[];

/** The rest of a nested list (an order's line items past the first page, a product's variants). */
const NESTED = {
  lineItems: { type: "Order", of: lineItem },
  shippingLines: { type: "Order", of: shippingLine },
  variants: { type: "Product", of: variant },
} as const;
type NestedList = keyof typeof NESTED;

function nestedQuery(list: NestedList) {
  const { type, of } = NESTED[list];
  return operation(`${type}${list[0]!.toUpperCase()}${list.slice(1)}`, "$id: ID!, $after: String", [
    { field: type.toLowerCase(), args: "id: $id", of: [{ field: list, first: NESTED_PAGE, args: "after: $after", of }] },
  ]);
}

// ---- calls ----

/** One GraphQL call; GraphQL errors inside a 200 are classed here (THROTTLED is the session's, via rateSignal). */
async function graphql(session: ApiSession, call: { query: string; cost: number }, variables: Record<string, unknown>, what: string): Promise<Json> {
  let json: unknown;
  try {
    ({ json } = await session.request({ method: "POST", path: SHOPIFY_GRAPHQL_PATH, json: { query: call.query, variables }, cost: call.cost, what }));
  } catch (err) {
    // 402 (shop frozen or unpaid) and 423 (shop locked) are the shop's state, not worth retrying
    // (shopify.dev/docs/api/usage/response-codes): an admin must act.
    if (err instanceof ProviderApiError && (err.status === 402 || err.status === 423)) {
      throw new ProviderApiError("config", `${err.message} (the shop is ${err.status === 402 ? "frozen or unpaid" : "locked"})`, err.status);
    }
    // GraphQL answers a missing object with null, never 404: a 404 is the endpoint itself (no such
    // shop, or the API version path), a set-up error rather than "deleted upstream".
    if (err instanceof ProviderApiError && err.status === 404) {
      throw new ProviderApiError("config", `${err.message} (no such shop, or the API version ${SHOPIFY_API_VERSION} is not served)`, 404);
    }
    throw err;
  }
  const body = object(json);
  if (!body) throw new ProviderApiError("data", `${what}: the answer is not a GraphQL result object`, 200);
  const errors = array(body.errors).map(object).filter((e): e is Json => e !== null);
  if (errors.length) {
    const codes = errors.map((e) => text(object(e.extensions)?.code)).filter((c): c is string => c !== null);
    const message = errors.map((e) => text(e.message) ?? "(no message)").join("; ").slice(0, 300);
    // A missing scope (read_orders, read_customers, read_products) is the connection's set-up.
    const category = codes.includes("ACCESS_DENIED") ? "config" : "data";
    throw new ProviderApiError(category, `${what}: GraphQL error ${codes.length ? `${codes.join(", ")}: ` : ""}${message}`, 200);
  }
  const data = object(body.data);
  if (!data) throw new ProviderApiError("data", `${what}: the answer has no "data"`, 200);
  return data;
}

interface Connection {
  nodes: Json[];
  hasNextPage: boolean;
  endCursor: string | null;
}

function connectionOf(value: unknown, what: string): Connection {
  const c = object(value);
  const nodes = c && Array.isArray(c.nodes) ? c.nodes.map(object) : null;
  if (!c || !nodes || nodes.some((n) => n === null)) throw new ProviderApiError("data", `${what}: the answer has no "nodes" list`, 200);
  const pageInfo = object(c.pageInfo);
  if (!pageInfo || typeof pageInfo.hasNextPage !== "boolean") throw new ProviderApiError("data", `${what}: the answer has no "pageInfo.hasNextPage"`, 200);
  const endCursor = text(pageInfo.endCursor);
  if (pageInfo.hasNextPage && !endCursor) throw new ProviderApiError("data", `${what}: "pageInfo.endCursor" is missing on a page that has a next one`, 200);
  return { nodes: nodes as Json[], hasNextPage: pageInfo.hasNextPage, endCursor };
}

/** The whole of a nested list: its first page from the listing, then the rest by the object's GID. */
async function wholeList(session: ApiSession, owner: Json, list: NestedList, what: string): Promise<Json[]> {
  let page = connectionOf(owner[list], `${what} ${list}`);
  const all = [...page.nodes];
  const id = text(owner.id);
  while (page.hasNextPage) {
    if (!id) throw new ProviderApiError("data", `${what}: "id" is missing, the rest of ${list} cannot be read`, 200);
    const data = await graphql(session, nestedQuery(list), { id, after: page.endCursor }, `${what} ${list}`);
    const root = object(data[NESTED[list].type.toLowerCase()]);
    // Gone since the page was listed: its next version is listed (or its deletion seen) later.
    if (!root) throw new ProviderApiError("transient", `${what}: the object was not found while reading the rest of its ${list}`, 200);
    page = connectionOf(root[list], `${what} ${list}`);
    all.push(...page.nodes);
  }
  return all;
}

// ---- GraphQL objects -> the REST payloads the webhooks carry ----

const amountOf = (set: unknown) => text(object(object(set)?.shopMoney)?.amount);
const lowerEnum = (value: unknown) => text(value)?.toLowerCase() ?? null;
/** A GID's numeric tail ("gid://shopify/LineItem/123" -> "123"): REST ids of objects without legacyResourceId. */
const gidTail = (value: unknown) => text(value)?.split("/").pop() ?? null;

function restAddress(a: unknown): Json | null {
  const address = object(a);
  if (!address) return null;
  return {
    name: address.name, first_name: address.firstName, last_name: address.lastName, company: address.company,
    address1: address.address1, address2: address.address2, city: address.city, zip: address.zip,
    province_code: address.provinceCode, country_code: address.countryCodeV2, phone: address.phone,
  };
}

function restCustomer(c: Json): Json {
  return {
    id: c.legacyResourceId,
    email: object(c.defaultEmailAddress)?.emailAddress ?? null,
    first_name: c.firstName,
    last_name: c.lastName,
    phone: object(c.defaultPhoneNumber)?.phoneNumber ?? null,
    default_address: restAddress(c.defaultAddress),
    updated_at: c.updatedAt,
  };
}

async function restOrder(session: ApiSession, o: Json, what: string): Promise<Json> {
  const customerNode = object(o.customer);
  const lines = await wholeList(session, o, "lineItems", what);
  const shippingLines = await wholeList(session, o, "shippingLines", what);
  return {
    id: o.legacyResourceId,
    name: o.name,
    email: o.email,
    currency: o.currencyCode,
    customer: customerNode ? restCustomer(customerNode) : null,
    billing_address: restAddress(o.billingAddress),
    shipping_address: restAddress(o.shippingAddress),
    line_items: lines.map((l) => ({
      id: gidTail(l.id),
      product_id: object(l.product)?.legacyResourceId ?? null,
      variant_id: object(l.variant)?.legacyResourceId ?? null,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      price: amountOf(l.originalUnitPriceSet),
      total_discount: amountOf(l.totalDiscountSet),
    })),
    shipping_lines: shippingLines.map((s) => ({ title: s.title, price: amountOf(s.originalPriceSet), discounted_price: amountOf(s.discountedPriceSet) })),
    total_price: amountOf(o.totalPriceSet),
    financial_status: lowerEnum(o.displayFinancialStatus),
    cancelled_at: o.cancelledAt,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    note: o.note,
  };
}

async function restProduct(session: ApiSession, p: Json, what: string): Promise<Json> {
  const variants = await wholeList(session, p, "variants", what);
  return {
    id: p.legacyResourceId,
    title: p.title,
    vendor: p.vendor,
    product_type: p.productType,
    status: lowerEnum(p.status),
    variants: variants.map((v) => ({ id: v.legacyResourceId, sku: v.sku, barcode: v.barcode, title: v.title, price: v.price })),
    updated_at: p.updatedAt,
  };
}

type WebhookNormalize = (typeof import("./shopify"))["shopify"]["normalize"];

/** A REST-shaped object through the webhook module's normalizing, as if `topic` had delivered it. */
function normalizedAsWebhook(normalize: WebhookNormalize, topic: string, payload: Json, currency: string | null, what: string): NormalizedEvent {
  const source = { tenantId: "", sourceId: "", provider: "shopify", secrets: [], options: currency ? { currency } : {} };
  let normalized;
  try {
    // Inside the try: a value nested too deeply to write out is the answer's fault too.
    const delivery = {
      body: new TextEncoder().encode(JSON.stringify(payload)),
      headers: new Headers({ "x-shopify-topic": topic }),
      method: "POST",
      url: "",
      receivedAt: Date.now(),
    };
    // The checks ingest applies to a webhook's events (canonical schema, sizes), naming the field.
    normalized = checkNormalized(normalize(delivery, source));
  } catch (err) {
    throw new ProviderApiError("data", `${what}: ${err instanceof Error ? err.message : String(err)}`, 200);
  }
  const event = normalized.outcome === "events" ? normalized.events[0]?.event : undefined;
  if (!event) throw new ProviderApiError("data", `${what}: the object could not be read as ${topic}`, 200);
  // One delivery id per object version: listing an unchanged version again is a duplicate.
  return { deliveryId: `${event.externalId}@${event.version}`, event };
}

// ---- the change listing's own cursor: which kind, and Shopify's cursor within it ----

interface ListCursor {
  kind: ListedKind;
  after: string | null;
}

function readCursor(cursor: string | null, kinds: ListedKind[]): ListCursor | null {
  if (cursor === null) return kinds[0] ? { kind: kinds[0], after: null } : null;
  try {
    const parsed = object(JSON.parse(cursor));
    const kind = text(parsed?.kind);
    if (parsed && kind && (LISTED_KINDS as string[]).includes(kind)) return { kind: kind as ListedKind, after: text(parsed.after) };
  } catch {
    // fall through
  }
  throw new ProviderApiError("data", `Shopify change listing: the cursor "${cursor.slice(0, 60)}" is not one this client issued`);
}

/** Shopify search syntax (shopify.dev/docs/api/usage/search-syntax), UTC instants. */
export function updatedAtQuery(window: ChangeWindow): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `updated_at:>='${iso(window.since)}' AND updated_at:<'${iso(window.until)}'`;
}

export const shopifyApi: ProviderApi<ShopifyCredentials> = {
  credentialsSchema,
  publicFields: ["shop"],
  defaultBaseUrl: (credentials) => `https://${credentials.shop}`,
  auth: { kind: "static", headers: (credentials) => ({ "x-shopify-access-token": credentials.accessToken }) },
  // The bucket before the first answer: 1000 points is the single-query ceiling, 100 points/s the
  // Standard plan's restore rate (the slowest paid plan). Every answer then replaces it with the
  // shop's real `throttleStatus` (development stores have far smaller buckets).
  limits: { costBucket: { size: 1000, restorePerSecond: 100 } },

  rateSignal(response) {
    const body = object(response.json);
    const cost = object(object(body?.extensions)?.cost);
    const status = object(cost?.throttleStatus);
    const size = status?.maximumAvailable;
    const available = status?.currentlyAvailable;
    const restore = status?.restoreRate;
    const bucket =
      typeof size === "number" && typeof available === "number" && typeof restore === "number" && restore > 0
        ? { size, available, restorePerSecond: restore }
        : undefined;
    const throttled = array(body?.errors).some((e) => text(object(object(e)?.extensions)?.code) === "THROTTLED");
    if (!bucket && !throttled) return null;
    const signal: RateSignal = bucket ? { bucket } : {};
    if (throttled) {
      const requested = typeof cost?.requestedQueryCost === "number" ? cost.requestedQueryCost : null;
      // Room for the requested cost comes back at the restore rate; without the figures, 1 s.
      signal.retryAfterSeconds =
        bucket && requested !== null ? Math.max(1, Math.ceil((requested - bucket.available) / bucket.restorePerSecond)) : 1;
    }
    return signal;
  },

  hydrates: [],

  async listChanges(session, window, kinds) {
    // Kinds are listed one after the other, in LISTED_KINDS order.
    const wanted = LISTED_KINDS.filter((k) => kinds.includes(k as EntityKind));
    const after = (kind: ListedKind) => wanted.find((k) => LISTED_KINDS.indexOf(k) > LISTED_KINDS.indexOf(kind));
    let at = readCursor(window.cursor, wanted);
    // A kind no longer asked for (the routing changed between pages): go on with the next one.
    if (at && !wanted.includes(at.kind)) {
      const next = after(at.kind);
      at = next ? { kind: next, after: null } : null;
    }
    if (!at) return { events: [], cursor: null };
    const listing = LISTINGS[at.kind];
    const what = `Shopify ${listing.root} updated since ${new Date(window.since).toISOString()}`;
    const data = await graphql(session, listing, { after: at.after, query: updatedAtQuery(window) }, what);
    const page = connectionOf(data[listing.root], what);
    const currency = text(object(data.shop)?.currencyCode);
    // Imported when used: the webhook module names this client as its `api` (an import cycle).
    const { shopify } = await import("./shopify");
    const normalize: WebhookNormalize = (delivery, source) => shopify.normalize(delivery, source);

    const events: NormalizedEvent[] = [];
    for (const node of page.nodes) {
      const id = idOf(node.legacyResourceId);
      const label = `Shopify ${at.kind} ${id ?? "(no legacyResourceId)"}`;
      const payload =
        at.kind === "order" ? await restOrder(session, node, label) : at.kind === "product" ? await restProduct(session, node, label) : restCustomer(node);
      events.push(normalizedAsWebhook(normalize, listing.topic, payload, currency, label));
    }
    const next = after(at.kind);
    const cursor: ChangePage["cursor"] = page.hasNextPage
      ? JSON.stringify({ kind: at.kind, after: page.endCursor })
      : next
        ? JSON.stringify({ kind: next, after: null })
        : null;
    return { events, cursor };
  },
  changeHorizonDays: null,
  // Search is index-backed and may lag the write a little: re-read a few minutes (dedup by version).
  changeOverlapSeconds: 300,
};

// ---- stock: a variant's inventory item by SKU, its available quantity, inventorySetQuantities ----
// (the stock flow, src/outbound/flows/stock.ts). Ids are GIDs throughout
// ("gid://shopify/InventoryItem/1", "gid://shopify/Location/1"): `shopifyGid` turns the numeric ids
// webhooks and routings may carry into them.
//
// Version: `changeFromQuantity` (the compare-and-set) exists from 2025-10 and is required on every
// quantity from 2026-04 (null opts out); `@idempotent(key:)` is accepted on inventory mutations from
// 2026-01 and required on several of them from 2026-04 (shopify.dev changelog "Making idempotency
// mandatory for inventory adjustments and refund mutations"). SHOPIFY_API_VERSION 2026-10 has both;
// the client always sends both.

/** "1" or "gid://shopify/Location/1" -> "gid://shopify/Location/1" (null when neither). */
export function shopifyGid(type: string, id: string): string | null {
  if (/^\d+$/.test(id)) return `gid://shopify/${type}/${id}`;
  return new RegExp(`^gid://shopify/${type}/\\d+$`).test(id) ? id : null;
}

export interface ShopifyInventoryItem {
  inventoryItemId: string;
  variantId: string;
}

/** Shopify search syntax: a quoted value, quotes and backslashes escaped. */
const searchValue = (value: string) => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;

const VARIANTS_BY_CODE = operation("VariantsByCode", "$query: String!", [
  { field: "productVariants", first: 5, args: "query: $query", of: ["id", "sku", "barcode", { field: "inventoryItem", of: ["id"] }] },
]);

/**
 * The inventory item of the variant whose SKU is `sku` (else whose barcode is `barcode`): exact
 * matches only (search is case-insensitive and tokenized). `ambiguous` when several variants carry
 * it (SKUs are not unique in Shopify): writing to one of them would be a guess.
 */
export async function shopifyInventoryItemFor(
  session: ApiSession,
  code: { sku: string | null; barcode: string | null },
): Promise<ShopifyInventoryItem | "ambiguous" | null> {
  for (const field of ["sku", "barcode"] as const) {
    const value = code[field];
    if (!value) continue;
    const what = `Shopify variant with ${field} ${value}`;
    const data = await graphql(session, VARIANTS_BY_CODE, { query: `${field}:${searchValue(value)}` }, what);
    const found = connectionOf(data.productVariants, what).nodes.filter((v) => text(v[field]) === value);
    if (found.length > 1) return "ambiguous";
    const variant = found[0];
    if (!variant) continue;
    const inventoryItemId = text(object(variant.inventoryItem)?.id);
    const variantId = text(variant.id);
    if (!inventoryItemId || !variantId) throw new ProviderApiError("data", `${what}: the variant has no "inventoryItem.id"`, 200);
    return { inventoryItemId, variantId };
  }
  return null;
}

const AVAILABLE_AT = operation("AvailableAt", "$item: ID!, $location: ID!", [
  {
    field: "inventoryItem",
    args: "id: $item",
    of: [{ field: "inventoryLevel", args: "locationId: $location", of: [{ field: "quantities", args: 'names: ["available"]', of: ["name", "quantity"] }] }],
  },
]);

/** The item's `available` quantity at the location; null when it is not stocked there (or gone). */
export async function shopifyAvailableAt(session: ApiSession, inventoryItemId: string, locationId: string): Promise<number | null> {
  const what = `Shopify inventory of ${inventoryItemId} at ${locationId}`;
  const data = await graphql(session, AVAILABLE_AT, { item: inventoryItemId, location: locationId }, what);
  const level = object(object(data.inventoryItem)?.inventoryLevel);
  if (!level) return null;
  const available = array(level.quantities).map(object).find((q) => q?.name === "available")?.quantity;
  if (typeof available !== "number") throw new ProviderApiError("data", `${what}: the level has no "available" quantity`, 200);
  return available;
}

export interface ShopifySetAvailable {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  /** What the router believes Shopify holds (compare-and-set); null = unconditional. */
  changeFromQuantity: number | null;
  /** `@idempotent(key:)`: a retry of the same call with the same key is answered, not applied, again. */
  idempotencyKey: string;
  /** Shown in the merchant's inventory history (gid://odoo-router/...). */
  referenceDocumentUri: string;
}

/** A mutation requests 10 points, plus its returned objects. */
const SET_QUANTITIES_COST = 12;

/** The key is a variable of the directive, as Shopify's idempotency docs write it: one query text for every call. */
const SET_QUANTITIES =
  "mutation SetAvailable($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) { inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) { inventoryAdjustmentGroup { id } userErrors { code field message } } }";

/**
 * Sets `available` of one item at one location. `stale`: Shopify holds another quantity than
 * `changeFromQuantity` (nothing was set; re-read, decide again, retry with a new key). Other
 * userErrors are the data's fault (`data`), except a concurrent request with the same key
 * (`transient`: the first one is still running).
 */
export async function shopifySetAvailable(session: ApiSession, set: ShopifySetAvailable): Promise<"set" | "stale"> {
  const what = `Shopify inventorySetQuantities ${set.inventoryItemId} at ${set.locationId}`;
  const input = {
    name: "available",
    reason: "correction",
    referenceDocumentUri: set.referenceDocumentUri,
    quantities: [{ inventoryItemId: set.inventoryItemId, locationId: set.locationId, quantity: set.quantity, changeFromQuantity: set.changeFromQuantity }],
  };
  const data = await graphql(session, { query: SET_QUANTITIES, cost: SET_QUANTITIES_COST }, { input, idempotencyKey: set.idempotencyKey }, what);
  const payload = object(data.inventorySetQuantities);
  if (!payload) throw new ProviderApiError("data", `${what}: the answer has no "inventorySetQuantities"`, 200);
  const errors = array(payload.userErrors).map(object).filter((e): e is Json => e !== null);
  const codes = errors.map((e) => text(e.code));
  if (codes.includes("CHANGE_FROM_QUANTITY_STALE")) return "stale";
  if (errors.length) {
    const message = errors.map((e) => `${text(e.code) ?? "ERROR"}: ${text(e.message) ?? ""}`).join("; ").slice(0, 300);
    // A concurrent request with the same key is still running: later. An item gone since it was
    // looked up: not_found (the caller looks it up again).
    const category = codes.includes("IDEMPOTENCY_CONCURRENT_REQUEST") ? "transient" : codes.includes("INVALID_INVENTORY_ITEM") ? "not_found" : "data";
    throw new ProviderApiError(category, `${what}: ${message}`, 200);
  }
  if (!object(payload.inventoryAdjustmentGroup)) throw new ProviderApiError("data", `${what}: no adjustment group and no userErrors`, 200);
  return "set";
}

// ---- shipments (the way back, src/outbound/flows/shipment.ts): fulfilment orders, fulfilments, tracking ----
//
// shopify.dev/docs/api/admin-graphql/2026-10: `Order.fulfillmentOrders` (a connection; OPEN and
// IN_PROGRESS ones have `remainingQuantity` left), `Order.fulfillments(first:)` (a plain list),
// `fulfillmentCreate(fulfillment: FulfillmentInput!)` (the V2 suffix was dropped in 2024-10,
// `fulfillmentCreateV2` is deprecated) with `lineItemsByFulfillmentOrder` and
// `trackingInfo: {company, numbers, urls}`, and `fulfillmentTrackingInfoUpdate(fulfillmentId,
// trackingInfoInput, notifyCustomer)` (replacing `...UpdateV2`). fulfillmentCreate has no
// idempotency key: the flow looks before it creates. Scopes: `write_merchant_managed_fulfillment_orders`
// (or the assigned/third-party variants) and `read_orders`.

/** Fulfilment orders, their lines and fulfilments read per call: the query stays under 1000 points. */
const FULFILLMENT_ORDERS_PER_ORDER = 5;
const LINES_PER_FULFILLMENT_ORDER = 20;
const FULFILLMENTS_PER_ORDER = 10;
const LINES_PER_FULFILLMENT = 20;

const fulfillmentSelection: Selection[] = [
  "id", "status",
  { field: "trackingInfo", args: "first: 5", of: ["company", "number", "url"] },
  { field: "fulfillmentLineItems", first: LINES_PER_FULFILLMENT, of: ["quantity", { field: "lineItem", of: ["id"] }] },
];
const SHIPMENT_ORDER = (() => {
  const op = operation("ShipmentOrder", "$id: ID!", [
    {
      field: "order",
      args: "id: $id",
      of: [
        "id",
        {
          field: "fulfillmentOrders",
          first: FULFILLMENT_ORDERS_PER_ORDER,
          of: [
            "id", "status",
            { field: "assignedLocation", of: [{ field: "location", of: ["id"] }] },
            {
              field: "lineItems",
              first: LINES_PER_FULFILLMENT_ORDER,
              of: ["id", "remainingQuantity", { field: "lineItem", of: ["id", "sku", { field: "variant", of: ["legacyResourceId"] }] }],
            },
          ],
        },
        // A list, not a connection (`fulfillments(first:)`): it costs like one, counted below.
        { field: "fulfillments", args: `first: ${FULFILLMENTS_PER_ORDER}`, of: fulfillmentSelection },
      ],
    },
  ]);
  return { query: op.query, cost: op.cost + FULFILLMENTS_PER_ORDER * costOf(fulfillmentSelection) };
})();

/** A mutation costs 10 points (shopify.dev rate limits, "Mutations"), plus what it selects. */
const mutation = (text: string) => ({ query: text, cost: 10 + 1 + costOf(fulfillmentSelection) });

const FULFILLMENT_CREATE = mutation(
  `mutation ShipmentFulfil($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { ${render(fulfillmentSelection)} } userErrors { field message } } }`,
);
const TRACKING_UPDATE = mutation(
  `mutation ShipmentTracking($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!, $notifyCustomer: Boolean) { fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: $notifyCustomer) { fulfillment { ${render(fulfillmentSelection)} } userErrors { field message } } }`,
);

export interface ShopifyFulfillmentOrderLine {
  id: string;
  lineItemId: string;
  sku: string | null;
  variantId: string | null;
  remainingQuantity: number;
}
export interface ShopifyFulfillmentOrder {
  id: string;
  status: string;
  locationId: string | null;
  lines: ShopifyFulfillmentOrderLine[];
}
export interface ShopifyFulfillment {
  id: string;
  status: string | null;
  trackingNumbers: string[];
  /** LineItem gid -> quantity. */
  lines: Record<string, number>;
}
export interface ShopifyTrackingInput {
  company: string | null;
  numbers: string[];
  urls: string[];
}

export const shopifyOrderGid = (orderId: string): string => (orderId.startsWith("gid://") ? orderId : `gid://shopify/Order/${orderId}`);

function fulfillmentOf(node: Json, what: string): ShopifyFulfillment {
  const id = text(node.id);
  if (!id) throw new ProviderApiError("data", `${what}: a fulfillment has no "id"`, 200);
  const lines: Record<string, number> = {};
  for (const l of connectionOf(node.fulfillmentLineItems, `${what} fulfillmentLineItems`).nodes) {
    const lineItemId = text(object(l.lineItem)?.id);
    if (lineItemId && typeof l.quantity === "number") lines[lineItemId] = (lines[lineItemId] ?? 0) + l.quantity;
  }
  const trackingNumbers = array(node.trackingInfo).map((t) => text(object(t)?.number)).filter((n): n is string => n !== null);
  return { id, status: text(node.status), trackingNumbers, lines };
}

/**
 * The order's fulfilment orders that can still be fulfilled (OPEN, IN_PROGRESS) and its fulfilments;
 * null when the order does not exist (deleted in Shopify).
 */
export async function shopifyShipmentState(
  session: ApiSession,
  orderId: string,
): Promise<{ fulfillmentOrders: ShopifyFulfillmentOrder[]; fulfillments: ShopifyFulfillment[] } | null> {
  const what = `Shopify order ${orderId} fulfilment orders`;
  const data = await graphql(session, SHIPMENT_ORDER, { id: shopifyOrderGid(orderId) }, what);
  const order = object(data.order);
  if (!order) return null;
  const fulfillmentOrders: ShopifyFulfillmentOrder[] = [];
  const orders = connectionOf(order.fulfillmentOrders, what);
  if (orders.hasNextPage) throw new ProviderApiError("data", `${what}: more than ${FULFILLMENT_ORDERS_PER_ORDER} fulfilment orders, not supported`, 200);
  for (const fo of orders.nodes) {
    const id = text(fo.id);
    const status = text(fo.status) ?? "";
    if (!id) throw new ProviderApiError("data", `${what}: a fulfilment order has no "id"`, 200);
    const page = connectionOf(fo.lineItems, `${what} lineItems`);
    if (page.hasNextPage) throw new ProviderApiError("data", `${what}: a fulfilment order has more than ${LINES_PER_FULFILLMENT_ORDER} lines, not supported`, 200);
    const lines = page.nodes.map((l) => ({
      id: text(l.id) ?? "",
      lineItemId: text(object(l.lineItem)?.id) ?? "",
      sku: text(object(l.lineItem)?.sku),
      variantId: text(object(object(l.lineItem)?.variant)?.legacyResourceId),
      remainingQuantity: typeof l.remainingQuantity === "number" ? l.remainingQuantity : 0,
    }));
    if (lines.some((l) => !l.id || !l.lineItemId)) throw new ProviderApiError("data", `${what}: a fulfilment order line has no "id" or "lineItem.id"`, 200);
    fulfillmentOrders.push({ id, status, locationId: text(object(object(fo.assignedLocation)?.location)?.id), lines });
  }
  const fulfillments = array(order.fulfillments).map((f) => {
    const node = object(f);
    if (!node) throw new ProviderApiError("data", `${what}: a fulfillment is not an object`, 200);
    return fulfillmentOf(node, what);
  });
  return { fulfillmentOrders: fulfillmentOrders.filter((fo) => fo.status === "OPEN" || fo.status === "IN_PROGRESS"), fulfillments };
}

/** The mutation's payload, its userErrors (over-fulfilment, a closed fulfilment order) classed `data`: never retried as they are. */
function payloadOf(data: Json, field: string, what: string): ShopifyFulfillment {
  const payload = object(data[field]);
  if (!payload) throw new ProviderApiError("data", `${what}: the answer has no "${field}"`, 200);
  const userErrors = array(payload.userErrors).map(object).filter((e): e is Json => e !== null);
  if (userErrors.length) {
    const message = userErrors.map((e) => `${array(e.field).join(".") || "input"}: ${text(e.message) ?? "refused"}`).join("; ").slice(0, 300);
    throw new ProviderApiError("data", `${what}: Shopify refused it (${message})`, 200);
  }
  const fulfillment = object(payload.fulfillment);
  if (!fulfillment) throw new ProviderApiError("data", `${what}: the answer has no fulfillment and no userErrors`, 200);
  return fulfillmentOf(fulfillment, what);
}

const trackingInput = (t: ShopifyTrackingInput) => ({ ...(t.company ? { company: t.company } : {}), numbers: t.numbers, urls: t.urls });

export async function shopifyCreateFulfillment(
  session: ApiSession,
  input: {
    orderId: string;
    allocations: { fulfillmentOrderId: string; lines: { id: string; quantity: number }[] }[];
    tracking: ShopifyTrackingInput;
    notifyCustomer: boolean;
  },
): Promise<ShopifyFulfillment> {
  const what = `Shopify fulfillmentCreate for order ${input.orderId}`;
  const fulfillment = {
    lineItemsByFulfillmentOrder: input.allocations.map((a) => ({
      fulfillmentOrderId: a.fulfillmentOrderId,
      fulfillmentOrderLineItems: a.lines.map((l) => ({ id: l.id, quantity: l.quantity })),
    })),
    ...(input.tracking.numbers.length ? { trackingInfo: trackingInput(input.tracking) } : {}),
    notifyCustomer: input.notifyCustomer,
  };
  return payloadOf(await graphql(session, FULFILLMENT_CREATE, { fulfillment }, what), "fulfillmentCreate", what);
}

export async function shopifyUpdateTracking(
  session: ApiSession,
  input: { fulfillmentId: string; tracking: ShopifyTrackingInput; notifyCustomer: boolean },
): Promise<ShopifyFulfillment> {
  const what = `Shopify fulfillmentTrackingInfoUpdate of ${input.fulfillmentId}`;
  const data = await graphql(
    session,
    TRACKING_UPDATE,
    { fulfillmentId: input.fulfillmentId, trackingInfoInput: trackingInput(input.tracking), notifyCustomer: input.notifyCustomer },
    what,
  );
  return payloadOf(data, "fulfillmentTrackingInfoUpdate", what);
}

// ---- the way back (issue #17): a shop order paid in Odoo ----

/** Shopify's cost of a mutation (shopify.dev/docs/api/usage/limits: 10 points), plus 1 per object of the payload read back. */
const MUTATION_COST = 10;
const ORDER_FINANCIAL_STATUS = operation("OrderFinancialStatus", "$id: ID!", [{ field: "order", args: "id: $id", of: ["id", "displayFinancialStatus"] }]);
const ORDER_MARK_AS_PAID = {
  query:
    "mutation OrderMarkAsPaid($input: OrderMarkAsPaidInput!) { orderMarkAsPaid(input: $input) { order { id displayFinancialStatus } userErrors { field message } } }",
  cost: MUTATION_COST + 2,
};
/** Financial statuses with nothing left to collect (OrderDisplayFinancialStatus). */
const SETTLED = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);
/** ...and those that cannot be paid any more. */
const NOT_PAYABLE = new Set(["VOIDED", "EXPIRED"]);

export type MarkAsPaidOutcome =
  | { outcome: "marked" | "already_paid"; financialStatus: string }
  | { outcome: "not_payable"; financialStatus: string }
  | { outcome: "not_found" };

/**
 * `orderMarkAsPaid(input: {id})` (admin-graphql mutations/ordermarkaspaid; scope `write_orders`
 * and the staff permission `mark_orders_as_paid`): records a manual payment for the order's
 * outstanding balance, or captures its authorization. It has no idempotency key, and on an order
 * already paid it answers a userError: so the order's `displayFinancialStatus` is read first (look
 * before write) and a userError is checked against a second read (a lost answer whose payment went
 * through is `already_paid`, not a failure).
 */
export async function markOrderAsPaid(session: ApiSession, orderGid: string): Promise<MarkAsPaidOutcome> {
  const what = `Shopify order ${orderGid} mark as paid`;
  const statusOf = async (): Promise<string | null | undefined> => {
    const data = await graphql(session, ORDER_FINANCIAL_STATUS, { id: orderGid }, `${what} (financial status)`);
    const order = object(data.order);
    if (!order) return undefined;
    return text(order.displayFinancialStatus);
  };
  const before = await statusOf();
  if (before === undefined) return { outcome: "not_found" };
  if (before && SETTLED.has(before)) return { outcome: "already_paid", financialStatus: before };
  if (before && NOT_PAYABLE.has(before)) return { outcome: "not_payable", financialStatus: before };
  const data = await graphql(session, ORDER_MARK_AS_PAID, { input: { id: orderGid } }, what);
  const payload = object(data.orderMarkAsPaid);
  if (!payload) throw new ProviderApiError("data", `${what}: the answer has no "orderMarkAsPaid"`, 200);
  const userErrors = array(payload.userErrors).map(object).filter((e): e is Json => e !== null);
  if (userErrors.length) {
    const after = await statusOf();
    if (after && SETTLED.has(after)) return { outcome: "already_paid", financialStatus: after };
    throw new ProviderApiError("data", `${what}: ${userErrors.map((e) => text(e.message) ?? "(no message)").join("; ").slice(0, 300)}`, 200);
  }
  return { outcome: "marked", financialStatus: text(object(payload.order)?.displayFinancialStatus) ?? "PAID" };
}

// ---- the way back: prices and email marketing consent (src/outbound/flows/price.ts, consent.ts) ----
//
// Reads and writes of the price and consent flows, through the same `graphql` call (classed errors,
// THROTTLED via rateSignal). Mutations report refusals in `userErrors` inside an HTTP 200: they are
// `data` errors naming Shopify's code and field (a wrong value is not fixed by retrying).
// Costs: a mutation is 10 points plus its selection (shopify.dev "Cost calculation").

/** A variant the router prices, found by SKU (or barcode). */
export interface ShopifyPricedVariant {
  id: string;
  productId: string;
  sku: string | null;
  barcode: string | null;
  price: string;
}

const VARIANT_MATCHES = 10;
const SHOP_AND_VARIANTS = {
  query:
    "query VariantsForPrice($query: String!) { shop { currencyCode } productVariants(first: 10, query: $query) { nodes { id sku barcode price product { id } } pageInfo { hasNextPage endCursor } } }",
  // shop 1 + connection 2 + 10 x (variant 1 + product 1)
  cost: 1 + 2 + VARIANT_MATCHES * 2,
};


/**
 * The shop's currency and the variants whose SKU (else barcode) is exactly `code`. Shopify's
 * search is a token match, so the answer is filtered on the exact value; SKUs are not unique in
 * Shopify, so every exact match is returned (the flow prices them all alike).
 */
export async function shopifyVariantsByCode(
  session: ApiSession,
  code: { sku: string | null; barcode: string | null },
): Promise<{ currency: string | null; variants: ShopifyPricedVariant[] }> {
  let currency: string | null = null;
  for (const [field, value] of [["sku", code.sku], ["barcode", code.barcode]] as const) {
    if (!value) continue;
    const what = `Shopify variants with ${field} ${value}`;
    const data = await graphql(session, SHOP_AND_VARIANTS, { query: `${field}:${searchValue(value)}` }, what);
    currency = text(object(data.shop)?.currencyCode);
    const nodes = connectionOf(data.productVariants, what).nodes;
    const variants = nodes
      .map((n) => ({
        id: text(n.id) ?? "",
        productId: text(object(n.product)?.id) ?? "",
        sku: text(n.sku),
        barcode: text(n.barcode),
        price: text(n.price) ?? "",
      }))
      .filter((v) => v[field] === value);
    if (variants.some((v) => !v.id || !v.productId)) throw new ProviderApiError("data", `${what}: a variant has no id or product id`, 200);
    if (variants.length) return { currency, variants };
  }
  return { currency, variants: [] };
}

function userErrorsOf(payload: Json | null, what: string): void {
  if (!payload) throw new ProviderApiError("data", `${what}: the answer has no payload`, 200);
  const errors = array(payload.userErrors).map(object).filter((e): e is Json => e !== null);
  if (!errors.length) return;
  const described = errors
    .map((e) => `${text(e.code) ?? "ERROR"}${array(e.field).length ? ` (${array(e.field).join(".")})` : ""}: ${text(e.message) ?? ""}`)
    .join("; ");
  throw new ProviderApiError("data", `${what}: Shopify refused it: ${described}`.slice(0, 400), 200);
}

const VARIANTS_BULK_UPDATE = {
  query:
    "mutation VariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { product { updatedAt } productVariants { id price } userErrors { field message code } } }",
  cost: 10 + 3,
};

/**
 * Sets variant prices of one product (`productVariantsBulkUpdate(productId, variants: [{id,
 * price}])`, one product per call: shopify.dev/docs/api/admin-graphql/2026-10/mutations/
 * productVariantsBulkUpdate). Setting a price is idempotent: a replay after a lost answer sets the
 * same value again. Returns the prices Shopify reports back.
 */
export async function shopifySetVariantPrices(
  session: ApiSession,
  productId: string,
  prices: { id: string; price: string }[],
): Promise<{ prices: Map<string, string>; productUpdatedAt: string | null }> {
  const what = `Shopify productVariantsBulkUpdate ${productId}`;
  const data = await graphql(session, VARIANTS_BULK_UPDATE, { productId, variants: prices }, what);
  const payload = object(data.productVariantsBulkUpdate);
  userErrorsOf(payload, what);
  const written = new Map<string, string>();
  for (const v of array(payload!.productVariants).map(object)) if (v && text(v.id)) written.set(text(v.id)!, text(v.price) ?? "");
  // The product's version after the write: its products/update webhook carries it as updated_at.
  return { prices: written, productUpdatedAt: text(object(payload!.product)?.updatedAt) };
}

/** A customer's email marketing consent as Shopify holds it (CustomerEmailAddress). */
export interface ShopifyEmailConsent {
  customerId: string;
  email: string;
  /** SUBSCRIBED, NOT_SUBSCRIBED, PENDING, UNSUBSCRIBED, REDACTED, INVALID. */
  marketingState: string;
  marketingOptInLevel: string | null;
  /** When the state last changed (ISO), null when never. */
  marketingUpdatedAt: string | null;
}

const CUSTOMERS_BY_EMAIL = {
  query:
    "query CustomersByEmail($query: String!) { customers(first: 5, query: $query) { nodes { id defaultEmailAddress { emailAddress marketingState marketingOptInLevel marketingUpdatedAt } } pageInfo { hasNextPage endCursor } } }",
  cost: 2 + 5 * 2,
};

/** The customers whose default email is `email` (compared case-insensitively), with their consent. */
export async function shopifyCustomersByEmail(session: ApiSession, email: string): Promise<ShopifyEmailConsent[]> {
  const what = `Shopify customers with email ${email}`;
  const data = await graphql(session, CUSTOMERS_BY_EMAIL, { query: `email:${searchValue(email)}` }, what);
  const out: ShopifyEmailConsent[] = [];
  for (const node of connectionOf(data.customers, what).nodes) {
    const address = object(node.defaultEmailAddress);
    const found = text(address?.emailAddress);
    if (!address || !found || found.toLowerCase() !== email.toLowerCase()) continue;
    out.push({
      customerId: text(node.id) ?? "",
      email: found,
      marketingState: text(address.marketingState) ?? "NOT_SUBSCRIBED",
      marketingOptInLevel: text(address.marketingOptInLevel),
      marketingUpdatedAt: text(address.marketingUpdatedAt),
    });
  }
  return out;
}

const CONSENT_UPDATE = {
  query:
    "mutation EmailConsent($input: CustomerEmailMarketingConsentUpdateInput!) { customerEmailMarketingConsentUpdate(input: $input) { customer { id updatedAt defaultEmailAddress { marketingState marketingUpdatedAt } } userErrors { field message code } } }",
  cost: 10 + 2,
};

/**
 * Sets a customer's email marketing state (`customerEmailMarketingConsentUpdate`; only
 * SUBSCRIBED, UNSUBSCRIBED and PENDING are accepted as input; shopify.dev/docs/api/admin-graphql/
 * 2026-10/mutations/customerEmailMarketingConsentUpdate). `consentUpdatedAt` says when the consent
 * changed at its origin (Odoo's blacklist entry), so Shopify's history keeps the real time.
 */
export async function shopifySetEmailConsent(
  session: ApiSession,
  input: { customerId: string; marketingState: "SUBSCRIBED" | "UNSUBSCRIBED"; marketingOptInLevel?: string | null; consentUpdatedAt: string },
): Promise<{ marketingState: string | null; marketingUpdatedAt: string | null; customerUpdatedAt: string | null }> {
  const what = `Shopify customerEmailMarketingConsentUpdate ${input.customerId}`;
  const emailMarketingConsent: Record<string, unknown> = { marketingState: input.marketingState, consentUpdatedAt: input.consentUpdatedAt };
  if (input.marketingOptInLevel) emailMarketingConsent.marketingOptInLevel = input.marketingOptInLevel;
  const data = await graphql(session, CONSENT_UPDATE, { input: { customerId: input.customerId, emailMarketingConsent } }, what);
  const payload = object(data.customerEmailMarketingConsentUpdate);
  userErrorsOf(payload, what);
  const customer = object(payload!.customer);
  const address = object(customer?.defaultEmailAddress);
  // The customer's version after the write: its customers/update webhook carries it as updated_at.
  return { marketingState: text(address?.marketingState), marketingUpdatedAt: text(address?.marketingUpdatedAt), customerUpdatedAt: text(customer?.updatedAt) };
}
