/**
 * WooCommerce REST API v3 client (src/providers/provider-api.ts contract): change listing for
 * reconciliation. Every call goes through the ApiSession (credentials, rate gate, classed errors).
 *
 * Sources (see /work/shared/reference/provider-apis.md §2):
 * - woocommerce/woocommerce `includes/class-wc-rest-authentication.php`: over HTTPS the consumer
 *   key/secret are accepted as HTTP Basic (the query form ends up in access logs: not used).
 * - `class-wc-rest-crud-controller.php` `get_collection_params()`: `modified_after` /
 *   `modified_before` (ISO 8601), `dates_are_gmt` (defaults to false = the site's timezone, so it is
 *   always sent), `orderby=modified`, `order=asc`, `per_page` <= 100, `page`; `get_items()` sets
 *   `X-WP-Total` and `X-WP-TotalPages`.
 * - There is no hosted API: the shop's own host IS the connection, so `baseUrl` is required.
 * - Core has no rate limit on REST v3; real limits are the host's (PHP workers, WAF, CDN 429s).
 *   The limits below are deliberately conservative (the reference's "2-4 in flight").
 *
 * Objects are mapped by the webhook module's own normalizing code (src/providers/woocommerce.ts):
 * a webhook payload IS the REST v3 resource (`build_payload()` reads `GET /wc/v3/{resource}s/{id}`),
 * so externalId and version (`date_modified_gmt`) are the same for both paths.
 *
 * Paging caveat: page/offset paging shifts when rows change during the scan. The window has an upper
 * bound (`modified_before`), so an object modified during the scan leaves it and is listed by the next
 * run (whose window starts at this run's end minus the overlap).
 */
import * as z from "zod";
import type { EntityKind } from "../events/canonical";
import type { NormalizedEvent } from "./provider";
import { ProviderApiError, type ApiSession, type ProviderApi } from "./provider-api";
import { woocommerce } from "./woocommerce";

/** The connection's `baseUrl` (accepted beside these by PUT .../sources/{s}) is REQUIRED: see defaultBaseUrl. */
const credentialsSchema = z
  .object({
    consumerKey: z.string().min(1),
    consumerSecret: z.string().min(1),
  })
  .strict();
type WooCredentials = z.infer<typeof credentialsSchema> & { baseUrl?: string };

/** The REST resources listed, per canonical kind (the same three the webhook module routes). */
const COLLECTIONS: Partial<Record<EntityKind, string>> = { order: "orders", customer: "customers", product: "products" };
/**
 * Listed by modification date. Not customers: their list endpoint has no `modified_after` and sorts
 * only by id, include, name or registered_date (WooCommerce REST API docs, "List all customers"),
 * so their changes come through webhooks only.
 */
const LISTED_KINDS: readonly EntityKind[] = ["order", "product"];
const PER_PAGE = 100;

/** Where a listing stands: which kind, which page (1-based). */
interface Cursor {
  kind: EntityKind;
  page: number;
}

export const woocommerceApi: ProviderApi<WooCredentials> = {
  credentialsSchema,
  defaultBaseUrl() {
    // No hosted API: without the shop's own address there is nothing to call.
    throw new ProviderApiError("config", "a WooCommerce connection needs baseUrl, the shop's https:// address (e.g. https://shop.example.com)");
  },
  auth: {
    kind: "static",
    headers(credentials) {
      // Basic credentials travel in clear over http: WooCommerce itself only accepts them over HTTPS.
      if (credentials.baseUrl && !credentials.baseUrl.startsWith("https://")) {
        throw new ProviderApiError("config", "a WooCommerce baseUrl must be https:// (the consumer key and secret are sent with every call)");
      }
      return { authorization: `Basic ${btoa(`${credentials.consumerKey}:${credentials.consumerSecret}`)}` };
    },
  },
  limits: { concurrent: 2, calls: { count: 50, perSeconds: 10 } },
  changeHorizonDays: null,
  // `modified` has one-second resolution and a site's clock may be off: a few minutes of overlap.
  changeOverlapSeconds: 300,

  async listChanges(session, window, kinds) {
    const wanted = LISTED_KINDS.filter((k) => kinds.includes(k));
    const cursor = parseCursor(window.cursor) ?? (wanted[0] ? { kind: wanted[0], page: 1 } : null);
    if (!cursor) return { events: [], cursor: null };
    const collection = COLLECTIONS[cursor.kind]!;
    const response = await session.request({
      path: `/wp-json/wc/v3/${collection}`,
      query: {
        modified_after: gmtText(window.since),
        modified_before: gmtText(window.until),
        dates_are_gmt: "true",
        orderby: "modified",
        order: "asc",
        per_page: PER_PAGE,
        page: cursor.page,
      },
      what: `WooCommerce ${collection} page ${cursor.page}`,
    });
    if (!Array.isArray(response.json)) {
      throw new ProviderApiError("data", `WooCommerce ${collection} page ${cursor.page}: the answer is not a JSON array`, response.status);
    }
    const events = response.json.map((item) => normalized(cursor.kind, item, `WooCommerce ${collection} page ${cursor.page}`));
    const totalPages = Number(response.headers.get("x-wp-totalpages") ?? "");
    if (!Number.isInteger(totalPages) || totalPages < 0) {
      throw new ProviderApiError("data", `WooCommerce ${collection}: the X-WP-TotalPages header is missing or not a number`, response.status);
    }
    return { events, cursor: nextCursor(cursor, totalPages, wanted) };
  },
};

function nextCursor(cursor: Cursor, totalPages: number, wanted: readonly EntityKind[]): string | null {
  if (cursor.page < totalPages) return JSON.stringify({ kind: cursor.kind, page: cursor.page + 1 });
  const next = wanted[wanted.indexOf(cursor.kind) + 1];
  return next ? JSON.stringify({ kind: next, page: 1 }) : null;
}

function parseCursor(raw: string | null): Cursor | null {
  if (!raw) return null;
  const parsed = JSON.parse(raw) as Partial<Cursor>;
  if (!parsed.kind || !COLLECTIONS[parsed.kind] || !Number.isInteger(parsed.page)) throw new ProviderApiError("data", `not a WooCommerce listing cursor: ${raw}`);
  return parsed as Cursor;
}

/** WooCommerce takes GMT instants without a zone suffix when dates_are_gmt=true ("2026-12-01T00:00:00"). */
function gmtText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

const TOPICS: Partial<Record<EntityKind, string>> = { order: "order.updated", customer: "customer.updated", product: "product.updated" };

/**
 * One listed REST object as the webhook module would normalize its `*.updated` delivery; the delivery
 * id is `<id>@<version>`, so the same version listed again is a duplicate in its entity object.
 */
function normalized(kind: EntityKind, item: unknown, what: string): NormalizedEvent {
  if (typeof item !== "object" || item === null || Array.isArray(item)) throw new ProviderApiError("data", `${what}: an item is not an object`);
  const delivery = {
    body: new TextEncoder().encode(JSON.stringify(item)),
    headers: new Headers({ "x-wc-webhook-topic": TOPICS[kind]!, "x-wc-webhook-id": "api" }),
    method: "GET",
    url: "",
    receivedAt: Date.now(),
  };
  let result;
  try {
    result = woocommerce.normalize(delivery, { tenantId: "", sourceId: "", provider: "woocommerce", secrets: [], options: {} });
  } catch (err) {
    throw new ProviderApiError("data", `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [first] = result.outcome === "events" ? result.events : [];
  if (!first) throw new ProviderApiError("data", `${what}: an item could not be read as a ${kind}`);
  return { deliveryId: `${first.event.externalId}@${first.event.version}`, event: first.event };
}

// ---- stock: products and variations by SKU, stock_quantity through the batch endpoints ----
// (the stock flow, src/outbound/flows/stock.ts). WooCommerce has no idempotency key and no
// compare-and-set: the flow compares with what it last wrote and sets absolute quantities, so a
// repeated write is harmless.

/** A product or a variation (`parentId` set) that carries a SKU. */
export interface WooStockItem {
  id: number;
  parentId: number | null;
  sku: string;
  stockQuantity: number | null;
  manageStock: boolean;
}

/** `per_page` and the batch endpoints' default limit (`woocommerce_rest_batch_items_limit`). */
export const WOO_BATCH_MAX = 100;

/**
 * Every product and variation whose SKU is one of `skus`: `GET /products?sku=a,b` searches both
 * post types when `sku` is given (class-wc-rest-products-controller.php `prepare_objects_query`),
 * comma-separated SKUs in one call. Exact SKUs only.
 */
export async function wooStockItemsBySku(session: ApiSession, skus: string[]): Promise<Map<string, WooStockItem[]>> {
  const found = new Map<string, WooStockItem[]>();
  // A SKU with a comma cannot be asked for in the list form: it is asked for alone.
  const listable = skus.filter((s) => !s.includes(","));
  const groups: string[][] = [];
  for (let i = 0; i < listable.length; i += WOO_BATCH_MAX) groups.push(listable.slice(i, i + WOO_BATCH_MAX));
  for (const s of skus.filter((s) => s.includes(","))) groups.push([s]);
  for (const group of groups) {
    const what = `WooCommerce products with SKU ${group.join(",").slice(0, 80)}`;
    const response = await session.request({ path: "/wp-json/wc/v3/products", query: { sku: group.join(","), per_page: WOO_BATCH_MAX }, what });
    if (!Array.isArray(response.json)) throw new ProviderApiError("data", `${what}: the answer is not a JSON array`, response.status);
    for (const raw of response.json) {
      const item = wooStockItem(raw);
      if (!item || !group.includes(item.sku)) continue;
      found.set(item.sku, [...(found.get(item.sku) ?? []), item]);
    }
  }
  return found;
}

function wooStockItem(raw: unknown): WooStockItem | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== "number" || typeof r.sku !== "string" || r.sku === "") return null;
  const parentId = r.type === "variation" && typeof r.parent_id === "number" && r.parent_id > 0 ? r.parent_id : null;
  return {
    id: r.id,
    parentId,
    sku: r.sku,
    stockQuantity: typeof r.stock_quantity === "number" ? r.stock_quantity : null,
    manageStock: r.manage_stock === true,
  };
}

export interface WooStockWrite {
  id: number;
  parentId: number | null;
  quantity: number;
}

/**
 * Sets `stock_quantity` (and `manage_stock: true`, without which WooCommerce ignores the quantity)
 * through `POST products/batch` and, per parent, `POST products/{parent}/variations/batch`, at most
 * WOO_BATCH_MAX items a call. A batch answers 200 with an `error` object per refused item: the
 * result says, per item id, whether it was set or why not.
 */
export async function wooSetStock(session: ApiSession, writes: WooStockWrite[]): Promise<Map<number, { ok: true } | { ok: false; error: string }>> {
  const byPath = new Map<string, WooStockWrite[]>();
  for (const w of writes) {
    const path = w.parentId === null ? "/wp-json/wc/v3/products/batch" : `/wp-json/wc/v3/products/${w.parentId}/variations/batch`;
    byPath.set(path, [...(byPath.get(path) ?? []), w]);
  }
  const results = new Map<number, { ok: true } | { ok: false; error: string }>();
  for (const [path, all] of byPath) {
    for (let i = 0; i < all.length; i += WOO_BATCH_MAX) {
      const chunk = all.slice(i, i + WOO_BATCH_MAX);
      const what = `WooCommerce stock batch ${path.replace("/wp-json/wc/v3/", "")}`;
      const response = await session.request({
        method: "POST",
        path,
        json: { update: chunk.map((w) => ({ id: w.id, manage_stock: true, stock_quantity: w.quantity })) },
        what,
      });
      const updated = (response.json as { update?: unknown } | null)?.update;
      if (!Array.isArray(updated)) throw new ProviderApiError("data", `${what}: the answer has no "update" list`, response.status);
      for (const w of chunk) {
        const item = updated.find((u) => typeof u === "object" && u !== null && (u as { id?: unknown }).id === w.id) as Record<string, unknown> | undefined;
        const error = item?.error as { code?: unknown; message?: unknown } | undefined;
        if (!item) results.set(w.id, { ok: false, error: "not in the batch answer" });
        else if (error) results.set(w.id, { ok: false, error: `${String(error.code ?? "error")}: ${String(error.message ?? "")}` });
        else if (item.stock_quantity !== w.quantity) results.set(w.id, { ok: false, error: `the answer shows stock_quantity ${String(item.stock_quantity)}` });
        else results.set(w.id, { ok: true });
      }
    }
  }
  return results;
}

// ---- shipments (the way back, src/outbound/flows/shipment.ts): completed + a customer note ----
//
// The fallback every shop has (provider-apis.md §2.7, option 3): `PUT /wc/v3/orders/{id}`
// `{"status": "completed"}` (WooCommerce sends its "Completed order" email on the transition, so the
// status is read first and never set twice) and `POST /wc/v3/orders/{id}/notes`
// `{"note", "customer_note": true}` (a customer note is emailed to the customer). Notes have no
// idempotency key and cannot be edited: the notes are listed before one is added.

export interface WooOrderStatus {
  id: string;
  status: string;
}

const orderPath = (orderId: string) => `/wp-json/wc/v3/orders/${encodeURIComponent(orderId)}`;

function wooStatusOf(json: unknown, orderId: string, what: string): WooOrderStatus {
  const order = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  if (!order || typeof order.status !== "string") throw new ProviderApiError("data", `${what}: the answer is not an order with a "status"`);
  return { id: orderId, status: order.status };
}

/** The order's status; null when the shop no longer has it. */
export async function wooOrderStatus(session: ApiSession, orderId: string): Promise<WooOrderStatus | null> {
  const what = `WooCommerce order ${orderId}`;
  try {
    const { json } = await session.request({ path: orderPath(orderId), what });
    return wooStatusOf(json, orderId, what);
  } catch (err) {
    if (err instanceof ProviderApiError && err.category === "not_found") return null;
    throw err;
  }
}

export async function wooCompleteOrder(session: ApiSession, orderId: string): Promise<WooOrderStatus> {
  const what = `WooCommerce order ${orderId} completed`;
  const { json } = await session.request({ method: "PUT", path: orderPath(orderId), json: { status: "completed" }, what });
  return wooStatusOf(json, orderId, what);
}

/** The texts of the order's notes (customer and private). */
export async function wooOrderNotes(session: ApiSession, orderId: string): Promise<string[]> {
  const what = `WooCommerce order ${orderId} notes`;
  const { json } = await session.request({ path: `${orderPath(orderId)}/notes`, query: { type: "any" }, what });
  if (!Array.isArray(json)) throw new ProviderApiError("data", `${what}: the answer is not a JSON array`);
  return json.map((n) => (n !== null && typeof n === "object" && typeof (n as { note?: unknown }).note === "string" ? (n as { note: string }).note : ""));
}

/** Adds a customer note; returns its id. */
export async function wooAddCustomerNote(session: ApiSession, orderId: string, note: string): Promise<string> {
  const what = `WooCommerce order ${orderId} note`;
  const { json } = await session.request({ method: "POST", path: `${orderPath(orderId)}/notes`, json: { note, customer_note: true }, what });
  const id = json !== null && typeof json === "object" ? (json as { id?: unknown }).id : undefined;
  if (typeof id !== "number" && typeof id !== "string") throw new ProviderApiError("data", `${what}: the answer has no note "id"`);
  return String(id);
}

// ---- the way back: regular prices (src/outbound/flows/price.ts) ----
//
// - Find by SKU: `GET /products?sku=<sku>` matches products AND variations (the `sku` filter adds
//   the `product_variation` post type: woocommerce/woocommerce#52987, `prepare_objects_query()`);
//   a variation answers with `type: "variation"` and its `parent_id`. The filter is an exact match
//   on `_sku` (a comma separates several SKUs, so a SKU containing one cannot be searched).
// - The shop's currency: `GET /data/currencies/current` ({code, name, symbol}).
// - Write: `POST /products/batch {update:[{id, regular_price}]}` and, for variations, per parent
//   `POST /products/{parent}/variations/batch` (no cross-product variation batch). Prices are
//   strings. A batch answers 200 with per-item `error` objects ({code, message, data:{status}},
//   e.g. `woocommerce_rest_product_invalid_id`): each is checked. At most 100 items per batch.

/** A product or variation the router prices. */
export interface WooPricedItem {
  id: number;
  /** The parent product of a variation, null for a product. */
  parentId: number | null;
  sku: string;
  regularPrice: string;
}


/** The shop's currency code (ISO 4217). */
export async function wooShopCurrency(session: ApiSession): Promise<string> {
  const what = "WooCommerce current currency";
  const response = await session.request({ path: "/wp-json/wc/v3/data/currencies/current", what });
  const code = (response.json as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !/^[A-Z]{3}$/.test(code)) throw new ProviderApiError("data", `${what}: the answer has no currency "code"`, response.status);
  return code;
}

/** The products and variations whose SKU is exactly `sku`. */
export async function wooItemsBySku(session: ApiSession, sku: string): Promise<WooPricedItem[]> {
  const what = `WooCommerce products with SKU ${sku}`;
  if (sku.includes(",")) throw new ProviderApiError("data", `${what}: a SKU containing "," cannot be searched (WooCommerce reads it as a list)`);
  const response = await session.request({ path: "/wp-json/wc/v3/products", query: { sku, per_page: 20 }, what });
  if (!Array.isArray(response.json)) throw new ProviderApiError("data", `${what}: the answer is not a JSON array`, response.status);
  const items: WooPricedItem[] = [];
  for (const raw of response.json as unknown[]) {
    const item = raw as { id?: unknown; sku?: unknown; type?: unknown; parent_id?: unknown; regular_price?: unknown } | null;
    if (!item || typeof item.id !== "number") throw new ProviderApiError("data", `${what}: an item has no numeric "id"`, response.status);
    if (item.sku !== sku) continue;
    const parentId = item.type === "variation" && typeof item.parent_id === "number" && item.parent_id > 0 ? item.parent_id : null;
    items.push({ id: item.id, parentId, sku, regularPrice: typeof item.regular_price === "string" ? item.regular_price : "" });
  }
  return items;
}

/**
 * Sets regular prices, one batch call per parent (products: the products batch). Setting a price
 * is idempotent, so a replay after a lost answer sets the same values again. Returns the ids
 * written; an item the shop refused is a `data` error naming its code (a deleted product:
 * `not_found`), thrown after the batch so the items that succeeded are known to the caller.
 */
export async function wooSetRegularPrices(
  session: ApiSession,
  items: { id: number; parentId: number | null; regularPrice: string }[],
): Promise<{ written: number[]; modifiedAt: Map<number, string>; failed: ProviderApiError | null }> {
  const groups = new Map<number | null, { id: number; regular_price: string }[]>();
  for (const item of items) groups.set(item.parentId, [...(groups.get(item.parentId) ?? []), { id: item.id, regular_price: item.regularPrice }]);
  const written: number[] = [];
  /** Each written item's `date_modified_gmt` after the write (its product.updated webhook's version). */
  const modifiedAt = new Map<number, string>();
  let failed: ProviderApiError | null = null;
  for (const [parentId, update] of groups) {
    for (let at = 0; at < update.length; at += WOO_BATCH_MAX) {
      const chunk = update.slice(at, at + WOO_BATCH_MAX);
      const path = parentId === null ? "/wp-json/wc/v3/products/batch" : `/wp-json/wc/v3/products/${parentId}/variations/batch`;
      const what = parentId === null ? "WooCommerce products batch" : `WooCommerce product ${parentId} variations batch`;
      const response = await session.request({ method: "POST", path, json: { update: chunk }, what });
      const answered = (response.json as { update?: unknown } | null)?.update;
      if (!Array.isArray(answered)) throw new ProviderApiError("data", `${what}: the answer has no "update" list`, response.status);
      for (const [i, raw] of (answered as unknown[]).entries()) {
        const result = raw as { id?: unknown; date_modified_gmt?: unknown; error?: { code?: unknown; message?: unknown; data?: { status?: unknown } } } | null;
        const error = result?.error;
        if (error) {
          const status = typeof error.data?.status === "number" ? error.data.status : null;
          const category = typeof error.code === "string" && error.code.endsWith("_invalid_id") ? "not_found" : status && status >= 500 ? "transient" : "data";
          failed ??= new ProviderApiError(category, `${what}: item ${chunk[i]?.id}: ${String(error.code)}: ${String(error.message)}`, status);
          continue;
        }
        if (typeof result?.id === "number") {
          written.push(result.id);
          if (typeof result.date_modified_gmt === "string") modifiedAt.set(result.id, result.date_modified_gmt);
        }
      }
    }
  }
  return { written, modifiedAt, failed };
}
