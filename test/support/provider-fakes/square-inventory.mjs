// Catalog lookup and inventory counts of the Square fake (square.mjs), as Square's API answers them
// (developer.squareup.com/reference/square/catalog-api/search-catalog-objects,
// .../inventory-api/batch-change-inventory; square SDK BatchChangeInventoryRequest,
// InventoryPhysicalCount):
// - `POST /v2/catalog/search` `{object_types, query: {exact_query | set_query on "sku"}}` ->
//   `{objects}` (or `{}` when nothing matches);
// - `POST /v2/inventory/changes/batch-create` `{idempotency_key, changes, ignore_unchanged_counts}`:
//   `idempotency_key` required; 1 to 100 changes; a PHYSICAL_COUNT needs `catalog_object_id` (an
//   ITEM_VARIATION of the seller), `location_id` (one of the seller's), `quantity` (a decimal
//   string), `state`, `occurred_at` (not in the future, not older than 24 h). Changes apply by
//   `occurred_at`: a count older than the one held is recorded but does not replace it. The same
//   key with the same body answers the first answer again (nothing applied twice); with another
//   body 400 `IDEMPOTENCY_KEY_REUSED`.
//
// Control (tests only): seed keys `catalog: [{id, item_variation_data: {sku}}]`,
// `counts: [{catalog_object_id, location_id, quantity}]`;
// GET /__fake/inventory?token=... -> {counts: {"<variation>@<location>": "n"}, applied, replays}.

const CHANGES_MAX = 100;
const DAY_MS = 24 * 3600_000;

function inventoryOf(state) {
  state.inventory ??= { catalog: new Map(), counts: new Map(), idempotency: new Map(), applied: 0, replays: 0 };
  return state.inventory;
}

export function seedInventory(state, body) {
  const inv = inventoryOf(state);
  for (const o of body.catalog ?? []) inv.catalog.set(o.id, { type: "ITEM_VARIATION", version: 1, is_deleted: false, ...o });
  for (const c of body.counts ?? []) inv.counts.set(`${c.catalog_object_id}@${c.location_id}`, { quantity: String(c.quantity), occurredAt: 0 });
}

function catalogSearch(state, body, { json, invalid }) {
  const inv = inventoryOf(state);
  const types = body.object_types;
  if (types !== undefined && !Array.isArray(types)) return invalid("EXPECTED_ARRAY", "Expected an array", "object_types");
  const query = body.query ?? {};
  const exact = query.exact_query;
  const set = query.set_query;
  let test = () => true;
  if (exact) test = (value, name) => name === exact.attribute_name && value === exact.attribute_value;
  else if (set) {
    if (!Array.isArray(set.attribute_values)) return invalid("EXPECTED_ARRAY", "Expected an array", "query.set_query.attribute_values");
    test = (value, name) => name === set.attribute_name && set.attribute_values.includes(value);
  }
  const objects = [...inv.catalog.values()].filter(
    (o) => (!types || types.includes(o.type)) && test(o.item_variation_data?.sku, exact?.attribute_name ?? set?.attribute_name ?? "sku"),
  );
  return json(objects.length ? { objects } : {});
}

function batchCreate(state, body, { json, invalid }) {
  const inv = inventoryOf(state);
  if (typeof body.idempotency_key !== "string" || body.idempotency_key === "") return invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "idempotency_key");
  const fingerprint = JSON.stringify({ changes: body.changes, ignore: body.ignore_unchanged_counts ?? true });
  const earlier = inv.idempotency.get(body.idempotency_key);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) return invalid("IDEMPOTENCY_KEY_REUSED", "The idempotency key was already used with a different request", "idempotency_key");
    inv.replays++;
    return json(earlier.answer);
  }
  const changes = body.changes;
  if (!Array.isArray(changes) || changes.length === 0) return invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", "changes");
  if (changes.length > CHANGES_MAX) return invalid("ARRAY_LENGTH_TOO_LONG", `Array length ${changes.length} exceeds the maximum of ${CHANGES_MAX}`, "changes");
  const known = new Set(state.locations.map((l) => l.id));
  const now = Date.now();
  const planned = [];
  for (const [i, change] of changes.entries()) {
    const field = (f) => `changes[${i}].physical_count.${f}`;
    if (change.type !== "PHYSICAL_COUNT") return invalid("INVALID_ENUM_VALUE", "This fake applies PHYSICAL_COUNT changes only", `changes[${i}].type`);
    const count = change.physical_count ?? {};
    if (!inv.catalog.has(count.catalog_object_id)) return invalid("INVALID_VALUE", `Object \`${count.catalog_object_id}\` of type ITEM_VARIATION not found`, field("catalog_object_id"));
    if (!known.has(count.location_id)) return invalid("INVALID_VALUE", `Location \`${count.location_id}\` not found`, field("location_id"));
    if (typeof count.quantity !== "string" || !/^\d+(\.\d+)?$/.test(count.quantity)) return invalid("INVALID_VALUE", "quantity must be a non-negative decimal string", field("quantity"));
    if (count.state !== "IN_STOCK") return invalid("INVALID_ENUM_VALUE", "A physical count's state must be IN_STOCK", field("state"));
    const at = Date.parse(count.occurred_at ?? "");
    if (Number.isNaN(at)) return invalid("MISSING_REQUIRED_PARAMETER", "Field must be set", field("occurred_at"));
    if (at > now + 60_000 || at < now - DAY_MS) return invalid("INVALID_TIME", "occurred_at must be within the last 24 hours and not in the future", field("occurred_at"));
    planned.push({ key: `${count.catalog_object_id}@${count.location_id}`, count, at });
  }
  const calculatedAt = new Date(now).toISOString();
  const counts = [];
  for (const p of planned) {
    const held = inv.counts.get(p.key);
    // Changes apply by their occurred_at: an older count does not replace a newer one.
    if (!held || held.occurredAt <= p.at) inv.counts.set(p.key, { quantity: p.count.quantity, occurredAt: p.at });
    inv.applied++;
    counts.push({
      catalog_object_id: p.count.catalog_object_id,
      catalog_object_type: "ITEM_VARIATION",
      state: "IN_STOCK",
      location_id: p.count.location_id,
      quantity: inv.counts.get(p.key).quantity,
      calculated_at: calculatedAt,
    });
  }
  const answer = { counts };
  inv.idempotency.set(body.idempotency_key, { fingerprint, answer });
  return json(answer);
}

/** Routes of this part, by `METHOD path`. */
export const INVENTORY_ROUTES = {
  "POST /v2/catalog/search": catalogSearch,
  "POST /v2/inventory/changes/batch-create": batchCreate,
};

export function inventoryControl(state, url, json) {
  if (url.pathname !== "/__fake/inventory") return null;
  const inv = inventoryOf(state);
  return json({ counts: Object.fromEntries([...inv.counts].map(([k, v]) => [k, v.quantity])), applied: inv.applied, replays: inv.replays });
}
