/**
 * Square's API client: hydration of the thin order webhooks and the order change listing.
 *
 * - Credentials: `{accessToken, locationIds?}`: a personal access token or an OAuth access token,
 *   sent as `Authorization: Bearer`. `locationIds` limits the listing to those locations (else every
 *   location of the seller, from `GET /v2/locations`).
 * - Host: `https://connect.squareup.com`; the sandbox is `https://connect.squareupsandbox.com` (set
 *   it as `baseUrl`).
 * - Version: the `Square-Version` header, pinned to 2026-09-16 (the default of the `square@46`
 *   SDK). Without it the version chosen in the application's Developer Console applies, so a
 *   console change would change the answers' shape under the router.
 * - Limits: Square does not publish its rate limits (its staff: "we don't document the limits", use
 *   backoff); it answers 429 with `errors[].category = "RATE_LIMIT_ERROR"`, code `RATE_LIMITED`,
 *   which the session classes as transient, honouring `Retry-After`. The gate keeps a modest pace.
 * - Errors: `{"errors": [{category, code, detail, field}]}`; the session classes by HTTP status
 *   (401 `UNAUTHORIZED`/`ACCESS_TOKEN_EXPIRED` -> auth, 403 `INSUFFICIENT_SCOPES` -> config,
 *   404 -> not_found, 429 and 5xx -> transient, other 4xx `INVALID_REQUEST_ERROR` -> data).
 *
 * Orders: `order.created`/`order.updated` webhooks carry only `{order_id, state, version}` (thin,
 * src/providers/square.ts): they are read with `POST /v2/orders/batch-retrieve` (at most 100 ids a
 * call; an id Square does not return no longer exists) and written as full orders with the same
 * externalId (the order id) and version (the order's `version`, Square's per-object counter).
 * Payments, refunds and customers arrive as full objects: nothing to hydrate there.
 */
import * as z from "zod";
import { CANONICAL_SCHEMA, type Address, type CanonicalEvent, type Money } from "../events/canonical";
import { array, idOf, isoMillis, num, object, objectsIn, quantity, text, type Json } from "./json-values";
import { checkNormalized } from "./ingest-limits";
import type { NormalizedEvent } from "./provider";
import { ProviderApiError, type ApiSession, type Hydrated, type ProviderApi } from "./provider-api";
import { instantText } from "./required-values";

export const SQUARE_VERSION = "2026-09-16";
/** BatchRetrieveOrders takes at most 100 order ids. */
export const BATCH_RETRIEVE_MAX = 100;
/** SearchOrders takes 1 to 10 location ids. */
export const SEARCH_LOCATIONS_MAX = 10;
/** Orders per SearchOrders page (Square's default is 500): pages of full orders stay small. */
const SEARCH_PAGE = 100;

const credentialsSchema = z
  .object({
    accessToken: z.string().min(1, "the Square access token is required"),
    locationIds: z.array(z.string().min(1)).min(1).optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type SquareCredentials = z.infer<typeof credentialsSchema>;

async function call(session: ApiSession, path: string, body: unknown, what: string): Promise<Json> {
  const { json } = await session.request({ method: body === undefined ? "GET" : "POST", path, json: body, what, headers: { "square-version": SQUARE_VERSION } });
  const answer = object(json);
  if (!answer) throw new ProviderApiError("data", `${what}: the answer is not a JSON object`);
  const errors = objectsIn(answer.errors);
  if (errors.length) {
    // Errors inside a 2xx: Square's documented shape, but not a result this client can use.
    const first = errors[0]!;
    throw new ProviderApiError("data", `${what}: ${text(first.category) ?? "ERROR"} ${text(first.code) ?? ""} ${text(first.detail) ?? ""}`.trim());
  }
  return answer;
}

function ordersOf(answer: Json, what: string): Json[] {
  if (answer.orders !== undefined && !Array.isArray(answer.orders)) throw new ProviderApiError("data", `${what}: "orders" is not a list`);
  const orders = objectsIn(answer.orders);
  if (orders.some((o) => !idOf(o.id))) throw new ProviderApiError("data", `${what}: an order has no "id"`);
  return orders;
}

// ---- Square order -> canonical order ----

function moneyOf(value: unknown): Money | null {
  const m = object(value);
  if (!m || typeof m.amount !== "number" || !Number.isInteger(m.amount)) return null;
  return { amount: m.amount, currency: text(m.currency)?.toUpperCase() ?? null };
}

function recipientOf(order: Json): Json | null {
  for (const f of objectsIn(order.fulfillments)) {
    const details = object(f.shipment_details) ?? object(f.delivery_details) ?? object(f.pickup_details);
    const recipient = object(details?.recipient);
    if (recipient) return recipient;
  }
  return null;
}

function recipientAddress(recipient: Json | null): Address | null {
  const a = object(recipient?.address);
  if (!recipient || !a) return null;
  return {
    name: text(recipient.display_name),
    company: null,
    street: text(a.address_line_1),
    street2: text(a.address_line_2),
    city: text(a.locality),
    zip: text(a.postal_code),
    stateCode: text(a.administrative_district_level_1),
    countryCode: text(a.country),
    phone: text(recipient.phone_number),
  };
}

/**
 * Square has no financial status on an order: it is read from what was tendered against what is
 * due (`net_amount_due_money`), and refunds. "paid" confirms the Odoo quotation (the order writer).
 */
function financialStatus(order: Json, total: Money): string {
  const tendered = array(order.tenders).length > 0;
  const due = moneyOf(order.net_amount_due_money)?.amount ?? total.amount;
  const refunded = objectsIn(order.refunds).reduce((sum, r) => sum + (moneyOf(r.amount_money)?.amount ?? 0), 0);
  if (refunded > 0) return total.amount > 0 && refunded >= total.amount ? "refunded" : "partially_refunded";
  if (tendered && due <= 0) return "paid";
  if (tendered) return "partially_paid";
  return "pending";
}

/**
 * The canonical order of a Square Order object, with the webhook module's externalId and version,
 * checked as ingest checks a webhook's events (canonical schema, sizes): a field Square sent in a
 * shape the order cannot take is a `data` error naming it.
 */
export function squareOrderEvent(order: Json): CanonicalEvent {
  try {
    const event = orderEventOf(order);
    checkNormalized({ outcome: "events", events: [{ deliveryId: `${event.externalId}@${event.version}`, event }] });
    return event;
  } catch (err) {
    if (err instanceof ProviderApiError) throw err;
    const id = idOf(order.id)?.slice(0, 60) ?? "(no id)";
    throw new ProviderApiError("data", `Square order ${id}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function orderEventOf(order: Json): CanonicalEvent {
  const externalId = idOf(order.id)!;
  // The same choice as src/providers/square.ts: Square's counter, else updated_at, else created_at.
  const version = num(order.version) ?? isoMillis(order.updated_at) ?? isoMillis(order.created_at);
  if (version === null) throw new ProviderApiError("data", `Square order ${externalId}: no "version", "updated_at" or "created_at"`);
  const occurred = isoMillis(order.updated_at) ?? isoMillis(order.created_at);
  const total = moneyOf(order.total_money);
  const currency = total?.currency;
  if (!total || !currency) throw new ProviderApiError("data", `Square order ${externalId}: "total_money" is missing or not {amount, currency}`);
  const recipient = recipientOf(order);
  const customerId = idOf(order.customer_id);
  const shippingAddress = recipientAddress(recipient);
  const state = text(order.state);
  const zero = { amount: 0, currency };
  return {
    schema: CANONICAL_SCHEMA,
    provider: "square",
    topic: "order.updated",
    type: "order.updated",
    kind: "order",
    externalId,
    version,
    occurredAt: occurred === null ? instantText(version, "version") : instantText(occurred, "updated_at"),
    action: "upsert",
    completeness: "full",
    data: {
      name: text(order.reference_id) ?? text(order.ticket_name) ?? externalId,
      currency,
      email: text(recipient?.email_address),
      customer: customerId
        ? {
            externalId: customerId,
            email: text(recipient?.email_address),
            firstName: null,
            lastName: null,
            phone: text(recipient?.phone_number),
            company: null,
            address: shippingAddress,
          }
        : null,
      billingAddress: null,
      shippingAddress,
      lines: objectsIn(order.line_items).map((l, index) => {
        const variation = text(l.variation_name);
        const name = text(l.name) ?? "(line)";
        return {
          externalId: idOf(l.uid) ?? String(index),
          productExternalId: null,
          // A line's catalog object is the item variation.
          variantExternalId: idOf(l.catalog_object_id),
          sku: null,
          title: variation && variation !== "Regular" ? `${name} (${variation})` : name,
          quantity: quantity(l.quantity),
          unitPrice: moneyOf(l.base_price_money) ?? zero,
          discount: moneyOf(l.total_discount_money) ?? zero,
        };
      }),
      shipping: [],
      total,
      financialStatus: financialStatus(order, total),
      cancelledAt: state === "CANCELED" ? (text(order.closed_at) ?? text(order.updated_at)) : null,
      createdAt: text(order.created_at),
      note: null,
    },
  };
}

// ---- locations (SearchOrders needs them) ----

async function locationIds(session: ApiSession): Promise<string[]> {
  const configured = session.credentials.locationIds;
  if (Array.isArray(configured) && configured.length) return configured.map(String);
  const answer = await call(session, "/v2/locations", undefined, "Square locations");
  if (!Array.isArray(answer.locations)) throw new ProviderApiError("data", `Square locations: "locations" is missing`);
  // Inactive locations keep their orders: list them too.
  const ids = objectsIn(answer.locations).map((l) => idOf(l.id)).filter((id): id is string => id !== null);
  if (!ids.length) throw new ProviderApiError("config", "Square locations: the seller has no location, no orders can be listed");
  return ids;
}

interface SearchCursor {
  locations: string[];
  /** Index of the group of up to 10 locations being listed. */
  group: number;
  square: string | null;
}

function readSearchCursor(cursor: string): SearchCursor {
  try {
    const c = object(JSON.parse(cursor));
    const locations = array(c?.locations).map(text);
    if (c && typeof c.group === "number" && locations.length && locations.every(Boolean)) {
      return { locations: locations as string[], group: c.group, square: text(c.square) };
    }
  } catch {
    // fall through
  }
  throw new ProviderApiError("data", `Square order listing: the cursor "${cursor.slice(0, 60)}" is not one this client issued`);
}

export const squareApi: ProviderApi<SquareCredentials> = {
  credentialsSchema,
  publicFields: ["locationIds"],
  defaultBaseUrl: () => "https://connect.squareup.com",
  auth: { kind: "static", headers: (credentials) => ({ authorization: `Bearer ${credentials.accessToken}` }) },
  // Undocumented upstream (see above): 5 calls a second and 4 in flight stay under the ~6/s at which
  // sellers report 429s on the sandbox; 429 + Retry-After remains the authority.
  limits: { calls: { count: 5, perSeconds: 1 }, concurrent: 4 },

  hydrates: ["order_created", "order_updated"],

  async hydrate(session, refs) {
    const other = refs.find((r) => r.kind !== "order");
    if (other) throw new ProviderApiError("config", `Square: ${other.kind} ${other.externalId} (${other.resource}) cannot be read, only orders are hydrated`);
    const result = new Map<string, Hydrated>();
    const ids = [...new Set(refs.map((r) => r.externalId))];
    for (let i = 0; i < ids.length; i += BATCH_RETRIEVE_MAX) {
      const batch = ids.slice(i, i + BATCH_RETRIEVE_MAX);
      const what = `Square orders batch-retrieve (${batch.length})`;
      const found = new Map(ordersOf(await call(session, "/v2/orders/batch-retrieve", { order_ids: batch }, what), what).map((o) => [idOf(o.id)!, o]));
      // Square skips ids it does not know: absent means deleted (or never visible to this token).
      for (const id of batch) {
        const order = found.get(id);
        result.set(id, order ? { status: "found", event: squareOrderEvent(order) } : { status: "deleted" });
      }
    }
    return result;
  },

  async listChanges(session, window, kinds) {
    if (!kinds.includes("order")) return { events: [], cursor: null };
    let at: SearchCursor;
    if (window.cursor === null) at = { locations: await locationIds(session), group: 0, square: null };
    else at = readSearchCursor(window.cursor);
    const group = at.locations.slice(at.group * SEARCH_LOCATIONS_MAX, (at.group + 1) * SEARCH_LOCATIONS_MAX);
    const what = `Square orders updated since ${new Date(window.since).toISOString()}`;
    const answer = await call(
      session,
      "/v2/orders/search",
      {
        location_ids: group,
        // The sort field must be the filtered timestamp; a cursor is only valid with the same query.
        query: {
          filter: { date_time_filter: { updated_at: { start_at: new Date(window.since).toISOString(), end_at: new Date(window.until).toISOString() } } },
          sort: { sort_field: "UPDATED_AT", sort_order: "ASC" },
        },
        limit: SEARCH_PAGE,
        ...(at.square ? { cursor: at.square } : {}),
      },
      what,
    );
    const events: NormalizedEvent[] = ordersOf(answer, what).map((order) => {
      const event = squareOrderEvent(order);
      return { deliveryId: `${event.externalId}@${event.version}`, event };
    });
    const squareCursor = text(answer.cursor);
    const moreGroups = (at.group + 1) * SEARCH_LOCATIONS_MAX < at.locations.length;
    const cursor = squareCursor
      ? JSON.stringify({ ...at, square: squareCursor })
      : moreGroups
        ? JSON.stringify({ locations: at.locations, group: at.group + 1, square: null })
        : null;
    return { events, cursor };
  },
  changeHorizonDays: null,
  // Orders taken offline on Square POS reach Square up to 72 hours late (SearchOrders reference).
  changeOverlapSeconds: 72 * 3600,
};

// ---- stock: item variations by SKU, physical counts (the stock flow, src/outbound/flows/stock.ts) ----

/** SearchCatalogObjects: `set_query` attribute values per call (Square's limit for a set query is 250; kept small). */
export const SQUARE_SKU_QUERY_MAX = 100;
/** BatchChangeInventory: changes per call (Square documents 100). */
export const SQUARE_CHANGES_MAX = 100;

/**
 * The ITEM_VARIATION ids per SKU (`POST /v2/catalog/search`, object_types ITEM_VARIATION, exact
 * SKUs through a `set_query` on `sku`). Inventory is kept per variation and location.
 */
export async function squareVariationsBySku(session: ApiSession, skus: string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (let i = 0; i < skus.length; i += SQUARE_SKU_QUERY_MAX) {
    const group = skus.slice(i, i + SQUARE_SKU_QUERY_MAX);
    let cursor: string | null = null;
    do {
      const what = `Square catalog variations with SKU ${group.join(",").slice(0, 80)}`;
      const answer = await call(
        session,
        "/v2/catalog/search",
        { object_types: ["ITEM_VARIATION"], query: { set_query: { attribute_name: "sku", attribute_values: group } }, ...(cursor ? { cursor } : {}) },
        what,
      );
      for (const o of objectsIn(answer.objects)) {
        const sku = text(object(o.item_variation_data)?.sku);
        const id = idOf(o.id);
        if (!sku || !id || !group.includes(sku) || o.is_deleted === true) continue;
        found.set(sku, [...(found.get(sku) ?? []), id]);
      }
      cursor = text(answer.cursor);
    } while (cursor);
  }
  return found;
}

export interface SquareCount {
  catalogObjectId: string;
  locationId: string;
  quantity: number;
  /** RFC 3339; Square orders changes by it and refuses a physical count older than 24 h or in the future. */
  occurredAt: string;
}

/**
 * Absolute counts (`POST /v2/inventory/changes/batch-create`, `PHYSICAL_COUNT`, state IN_STOCK).
 * `idempotencyKey` is required: the same key with the same body is answered, not applied, again;
 * with another body Square refuses it (IDEMPOTENCY_KEY_REUSED, `data`).
 */
export async function squareSetCounts(session: ApiSession, counts: SquareCount[], idempotencyKey: string, referenceId: string): Promise<void> {
  if (counts.length > SQUARE_CHANGES_MAX) throw new Error(`at most ${SQUARE_CHANGES_MAX} changes a call`);
  const what = `Square inventory counts ${counts.map((c) => `${c.catalogObjectId}@${c.locationId}`).join(",").slice(0, 80)}`;
  const answer = await call(
    session,
    "/v2/inventory/changes/batch-create",
    {
      idempotency_key: idempotencyKey,
      changes: counts.map((c) => ({
        type: "PHYSICAL_COUNT",
        physical_count: {
          reference_id: referenceId,
          catalog_object_id: c.catalogObjectId,
          state: "IN_STOCK",
          location_id: c.locationId,
          quantity: String(c.quantity),
          occurred_at: c.occurredAt,
        },
      })),
      ignore_unchanged_counts: true,
    },
    what,
  );
  if (answer.counts !== undefined && !Array.isArray(answer.counts)) throw new ProviderApiError("data", `${what}: "counts" is not a list`);
}

// ---- shipments (the way back, src/outbound/flows/shipment.ts): the order's shipment fulfilment ----
//
// `GET /v2/orders/{order_id}` and `PUT /v2/orders/{order_id}` `{order: {location_id, version,
// fulfillments: [{uid, state, shipment_details: {carrier, tracking_number, tracking_url}}]},
// idempotency_key}`: a sparse update (only what changes, plus the `version` read), so a concurrent
// change is a 400 `VERSION_MISMATCH`: the order is read again and the update retried on the new
// version (a few times; then transient). Fulfilment states: PROPOSED, RESERVED, PREPARED,
// COMPLETED, CANCELED, FAILED.

export interface SquareOrderFulfilments {
  id: string;
  version: number;
  locationId: string;
  fulfillments: { uid: string; type: string; state: string; trackingNumber: string | null }[];
}

const SQUARE_VERSION_RETRIES = 3;

export async function squareOrderFulfilments(session: ApiSession, orderId: string): Promise<SquareOrderFulfilments | null> {
  const what = `Square order ${orderId}`;
  let answer: Json;
  try {
    answer = await call(session, `/v2/orders/${encodeURIComponent(orderId)}`, undefined, what);
  } catch (err) {
    if (err instanceof ProviderApiError && err.category === "not_found") return null;
    throw err;
  }
  const order = object(answer.order);
  const version = order?.version;
  const locationId = text(order?.location_id);
  if (!order || typeof version !== "number" || !locationId) throw new ProviderApiError("data", `${what}: the answer has no order with "version" and "location_id"`);
  return {
    id: orderId,
    version,
    locationId,
    fulfillments: objectsIn(order.fulfillments).map((f) => ({
      uid: text(f.uid) ?? "",
      type: text(f.type) ?? "",
      state: text(f.state) ?? "",
      trackingNumber: text(object(f.shipment_details)?.tracking_number),
    })),
  };
}

/**
 * Sets a shipment fulfilment's state and tracking. The idempotency key is derived from what is set
 * (`idempotencyKey`), so a replay after a lost answer is the same request to Square.
 */
export async function squareUpdateFulfilment(
  session: ApiSession,
  orderId: string,
  change: { uid: string; state: string; trackingNumber: string | null; carrier: string | null; trackingUrl: string | null },
  idempotencyKey: string,
): Promise<SquareOrderFulfilments> {
  const what = `Square order ${orderId} fulfilment ${change.uid}`;
  for (let attempt = 1; ; attempt++) {
    const current = await squareOrderFulfilments(session, orderId);
    if (!current) throw new ProviderApiError("not_found", `${what}: the order is gone`, 404);
    const shipmentDetails = {
      ...(change.carrier ? { carrier: change.carrier } : {}),
      ...(change.trackingNumber ? { tracking_number: change.trackingNumber } : {}),
      ...(change.trackingUrl ? { tracking_url: change.trackingUrl } : {}),
    };
    try {
      const { json } = await session.request({
        method: "PUT",
        path: `/v2/orders/${encodeURIComponent(orderId)}`,
        headers: { "square-version": SQUARE_VERSION },
        json: {
          idempotency_key: `${idempotencyKey}@v${current.version}`,
          order: {
            location_id: current.locationId,
            version: current.version,
            fulfillments: [{ uid: change.uid, state: change.state, ...(Object.keys(shipmentDetails).length ? { shipment_details: shipmentDetails } : {}) }],
          },
        },
        what,
      });
      const updated = object(object(json)?.order);
      if (!updated || typeof updated.version !== "number") throw new ProviderApiError("data", `${what}: the answer has no updated order`);
      return { ...current, version: updated.version };
    } catch (err) {
      // Someone changed the order since it was read: read it again and set the state on the new version.
      if (err instanceof ProviderApiError && err.message.includes("VERSION_MISMATCH")) {
        if (attempt < SQUARE_VERSION_RETRIES) continue;
        throw new ProviderApiError("transient", `${what}: the order kept changing (VERSION_MISMATCH ${attempt} times)`, err.status);
      }
      throw err;
    }
  }
}
