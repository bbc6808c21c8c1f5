// Inventory of the Shopify fake (shopify.mjs), as the GraphQL Admin API 2026-10 serves it:
// - `productVariants(first, query: "sku:'X'" | "barcode:'X'")` with `inventoryItem { id }`;
// - `inventoryItem(id:) { inventoryLevel(locationId:) { quantities(names: [...]) { name quantity } } }`
//   (a level is null where the item is not stocked at the location);
// - `inventorySetQuantities(input: {name, reason, referenceDocumentUri, quantities: [{inventoryItemId,
//   locationId, quantity, changeFromQuantity}]}) @idempotent(key: "...")`
//   (shopify.dev/docs/api/admin-graphql/2026-10/mutations/inventorySetQuantities):
//   * from 2026-04 every quantity must carry `changeFromQuantity` (null opts out of the check);
//     a quantity without it is refused as an invalid variable;
//   * compare-and-set: a `changeFromQuantity` other than the persisted quantity is the userError
//     `CHANGE_FROM_QUANTITY_STALE` and nothing of the call is applied;
//   * `@idempotent(key:)`: the same key with the same input answers the first answer again (nothing
//     applied twice), with another input `IDEMPOTENCY_KEY_PARAMETER_MISMATCH`;
//   * the userErrors `INVALID_NAME`, `INVALID_REASON`, `INVALID_INVENTORY_ITEM`, `INVALID_LOCATION`,
//     `ITEM_NOT_STOCKED_AT_LOCATION`, `INVALID_QUANTITY_NEGATIVE` (InventorySetQuantitiesUserErrorCode);
//   * each level whose `available` changed makes Shopify send `inventory_levels/update` (REST body:
//     inventory_item_id, location_id, available, updated_at, admin_graphql_api_id), also for the
//     app's own write: the fake keeps those bodies for a test to post, signed, as the echo.
// The cost bucket and THROTTLED answers are shopify.mjs's (a mutation requests 10 points).
//
// Control (tests only), on the shop's host:
//   seed key `inventory: {locations: [id], variants: [{legacyResourceId, sku, barcode?, inventoryItemId, levels: {<locationId>: available}}]}`
//   POST /__fake/inventory {levels: {"<itemId>@<locationId>": available}}   (a merchant's own change; no webhook kept)
//   GET  /__fake/inventory  {levels, webhooks: [{topic, body}], applied, replays, stale}

const S = "scalar";
const obj = (type) => ({ object: type });
const list = (type) => ({ list: type });

const INVENTORY_TYPES = {
  InventoryItem: { id: S, legacyResourceId: S, sku: S, tracked: S, inventoryLevel: obj("InventoryLevel") },
  InventoryLevel: { id: S, location: obj("Location"), quantities: list("InventoryQuantity") },
  InventoryQuantity: { name: S, quantity: S, updatedAt: S },
  Location: { id: S, legacyResourceId: S, name: S, isActive: S },
  InventorySetQuantitiesPayload: { inventoryAdjustmentGroup: obj("InventoryAdjustmentGroup"), userErrors: list("InventorySetQuantitiesUserError") },
  InventoryAdjustmentGroup: { id: S, createdAt: S, reason: S, referenceDocumentUri: S, changes: list("InventoryChange") },
  InventoryChange: { name: S, delta: S, quantityAfterChange: S, item: obj("InventoryItem"), location: obj("Location") },
  InventorySetQuantitiesUserError: { code: S, field: S, message: S },
};

/** Adds the inventory types and root fields to the fake's schema (called once by shopify.mjs). */
export function addInventorySchema(schema) {
  Object.assign(schema, INVENTORY_TYPES);
  schema.QueryRoot.productVariants = { connection: "ProductVariant" };
  schema.QueryRoot.inventoryItem = obj("InventoryItem");
  schema.MutationRoot = { ...schema.MutationRoot, inventorySetQuantities: obj("InventorySetQuantitiesPayload") };
  schema.ProductVariant.inventoryItem = obj("InventoryItem");
}

/** The reasons `inventorySetQuantities` accepts (shopify.dev/apps/fulfillment/inventory-management-apps/quantities-states#set-inventory-quantities-on-hand). */
const REASONS = new Set([
  "correction", "cycle_count_available", "damaged", "movement_created", "movement_updated", "movement_received",
  "movement_canceled", "other", "promotion", "quality_control", "received", "reservation_created",
  "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage",
]);

const tail = (gid, type) => {
  const m = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(String(gid ?? ""));
  return m ? m[1] : null;
};

function inventoryOf(state) {
  state.inventory ??= { locations: new Set(), variants: new Map(), levels: new Map(), idempotency: new Map(), webhooks: [], applied: 0, replays: 0, stale: 0, groups: 0 };
  return state.inventory;
}

export function seedInventory(state, body) {
  if (!body.inventory) return;
  const inv = inventoryOf(state);
  for (const id of body.inventory.locations ?? []) inv.locations.add(String(id));
  for (const v of body.inventory.variants ?? []) {
    const variant = { legacyResourceId: String(v.legacyResourceId), sku: v.sku ?? null, barcode: v.barcode ?? null, inventoryItemId: String(v.inventoryItemId) };
    inv.variants.set(variant.legacyResourceId, variant);
    for (const [location, available] of Object.entries(v.levels ?? {})) {
      inv.locations.add(String(location));
      inv.levels.set(`${variant.inventoryItemId}@${location}`, available);
    }
  }
}

function locationNode(id) {
  return { id: `gid://shopify/Location/${id}`, legacyResourceId: id, name: `Location ${id}`, isActive: true };
}

function itemNode(inv, itemId) {
  const variant = [...inv.variants.values()].find((v) => v.inventoryItemId === itemId);
  if (!variant) return null;
  return {
    id: `gid://shopify/InventoryItem/${itemId}`,
    legacyResourceId: itemId,
    sku: variant.sku,
    tracked: true,
    inventoryLevel: ({ locationId }) => {
      const location = tail(locationId, "Location");
      const key = `${itemId}@${location}`;
      if (!location || !inv.levels.has(key)) return null;
      return {
        id: `gid://shopify/InventoryLevel/${itemId}${location}?inventory_item_id=${itemId}`,
        location: locationNode(location),
        quantities: ({ names }) => (names ?? []).map((name) => ({ name, quantity: name === "available" || name === "on_hand" ? inv.levels.get(key) : 0 })),
      };
    },
  };
}

/** `sku:'A' OR barcode:'B'` (Shopify search syntax, the terms this client sends). */
function variantFilter(query) {
  if (!query) return () => true;
  const terms = String(query)
    .split(/\s+OR\s+/i)
    .map((term) => /^\s*(sku|barcode):'((?:[^'\\]|\\.)*)'\s*$/.exec(term))
    .filter(Boolean)
    .map((m) => ({ field: m[1], value: m[2].replace(/\\(.)/g, "$1").toLowerCase() }));
  return (v) => terms.some((t) => String(v[t.field] ?? "").toLowerCase() === t.value);
}

/** Root fields of the inventory part, or undefined for the others. */
export function resolveInventoryRoot(state, selection, variables, argValue, version) {
  const inv = inventoryOf(state);
  // Variants seeded for inventory answer here; without any, the products' own variants do
  // (shopify.mjs, the price flow's part).
  if (selection.name === "productVariants" && inv.variants.size > 0) {
    const first = argValue(selection.args.first, variables) ?? 0;
    const items = [...inv.variants.values()].filter(variantFilter(argValue(selection.args.query, variables))).map((v) => ({
      id: `gid://shopify/ProductVariant/${v.legacyResourceId}`,
      legacyResourceId: v.legacyResourceId,
      sku: v.sku,
      barcode: v.barcode,
      inventoryItem: itemNode(inv, v.inventoryItemId),
    }));
    return { items: items.slice(0, first), hasNextPage: items.length > first, cursorOf: (item) => btoa(JSON.stringify({ key: [0, Number(item.legacyResourceId)] })) };
  }
  if (selection.name === "inventoryItem") {
    const id = tail(argValue(selection.args.id, variables), "InventoryItem");
    return id ? itemNode(inv, id) : null;
  }
  if (selection.name === "inventorySetQuantities") {
    const key = selection.directives?.idempotent ? argValue(selection.directives.idempotent.key, variables) : null;
    return setQuantities(state, inv, argValue(selection.args.input, variables), key, version);
  }
  return undefined;
}

class InvalidVariable extends Error {}

function setQuantities(state, inv, input, key, version) {
  if (!input || typeof input !== "object") throw new InvalidVariable("Variable $input of type InventorySetQuantitiesInput! was provided invalid value");
  const quantities = Array.isArray(input.quantities) ? input.quantities : [];
  // From 2026-04 changeFromQuantity is required on each quantity (null opts out of the check).
  if (version >= "2026-04") {
    const missing = quantities.findIndex((q) => !q || !("changeFromQuantity" in q));
    if (missing >= 0) {
      throw new InvalidVariable(`Variable $input of type InventorySetQuantitiesInput! was provided invalid value for quantities.${missing}.changeFromQuantity (Expected value to not be null)`);
    }
  }
  const fingerprint = JSON.stringify(input);
  if (key !== null && key !== undefined) {
    const earlier = inv.idempotency.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return payload(null, [{ code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", field: null, message: "The same idempotency key cannot be used with different operation parameters." }]);
      }
      inv.replays++;
      return earlier.answer;
    }
  }
  const answer = apply(inv, input, quantities);
  if (key !== null && key !== undefined) inv.idempotency.set(key, { fingerprint, answer });
  return answer;
}

function payload(group, userErrors) {
  return { inventoryAdjustmentGroup: group, userErrors };
}

function apply(inv, input, quantities) {
  const errors = [];
  const at = (i, field) => ["input", "quantities", String(i), field];
  if (input.name !== "available" && input.name !== "on_hand") errors.push({ code: "INVALID_NAME", field: ["input", "name"], message: "The quantity name must be either 'available' or 'on_hand'." });
  if (!REASONS.has(input.reason)) errors.push({ code: "INVALID_REASON", field: ["input", "reason"], message: "The specified reason is invalid." });
  const planned = [];
  quantities.forEach((q, i) => {
    const item = tail(q.inventoryItemId, "InventoryItem");
    const location = tail(q.locationId, "Location");
    if (!item || !itemNode(inv, item)) return errors.push({ code: "INVALID_INVENTORY_ITEM", field: at(i, "inventoryItemId"), message: "The specified inventory item could not be found." });
    if (!location || !inv.locations.has(location)) return errors.push({ code: "INVALID_LOCATION", field: at(i, "locationId"), message: "The specified location could not be found." });
    const levelKey = `${item}@${location}`;
    if (!inv.levels.has(levelKey)) return errors.push({ code: "ITEM_NOT_STOCKED_AT_LOCATION", field: at(i, "locationId"), message: "The specified inventory item is not stocked at the location." });
    if (!Number.isInteger(q.quantity) || q.quantity < 0) return errors.push({ code: "INVALID_QUANTITY_NEGATIVE", field: at(i, "quantity"), message: "The quantity can't be negative." });
    const current = inv.levels.get(levelKey);
    if (q.changeFromQuantity !== null && q.changeFromQuantity !== undefined && q.changeFromQuantity !== current) {
      inv.stale++;
      return errors.push({ code: "CHANGE_FROM_QUANTITY_STALE", field: at(i, "changeFromQuantity"), message: "The changeFromQuantity value does not match persisted value." });
    }
    planned.push({ item, location, levelKey, before: current, after: q.quantity });
  });
  // All or nothing: one refused quantity applies none of the call.
  if (errors.length) return payload(null, errors);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const p of planned) {
    inv.levels.set(p.levelKey, p.after);
    inv.applied++;
    if (p.after !== p.before && input.name === "available") {
      inv.webhooks.push({
        topic: "inventory_levels/update",
        body: {
          inventory_item_id: Number(p.item),
          location_id: Number(p.location),
          available: p.after,
          updated_at: now,
          admin_graphql_api_id: `gid://shopify/InventoryLevel/${p.item}${p.location}?inventory_item_id=${p.item}`,
        },
      });
    }
  }
  inv.groups++;
  return payload(
    {
      id: `gid://shopify/InventoryAdjustmentGroup/${inv.groups}`,
      createdAt: now,
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri ?? null,
      changes: planned.map((p) => ({
        name: input.name,
        delta: p.after - p.before,
        quantityAfterChange: p.after,
        item: itemNode(inv, p.item),
        location: locationNode(p.location),
      })),
    },
    [],
  );
}

/** An invalid `$input` is a top-level GraphQL error (not a userError), as GraphQL validation answers it. */
export const isInvalidVariable = (err) => err instanceof InvalidVariable;

/** `/__fake/inventory` control route, or null for other paths. */
export async function inventoryControl(state, url, request, json) {
  if (url.pathname !== "/__fake/inventory") return null;
  const inv = inventoryOf(state);
  if (request.method === "POST") {
    const body = await request.json();
    for (const [key, available] of Object.entries(body.levels ?? {})) inv.levels.set(key, available);
    return json({ ok: true });
  }
  return json({ levels: Object.fromEntries(inv.levels), webhooks: inv.webhooks, applied: inv.applied, replays: inv.replays, stale: inv.stale });
}
