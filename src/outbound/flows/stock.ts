/**
 * The stock flow: a product's quantity in Odoo, per warehouse, goes out to the shops that sell it.
 *
 * Watched: `stock.quant` in internal locations (the stored model that changes when stock moves or
 * is reserved; `product.product` quantities are computed and never fire anything), on its
 * `quantity` and `reserved_quantity` (the same names on Odoo 16 to 19). The entity is the quant's
 * product: many quants of one product (locations, lots, packages) and many changes collapse into
 * one event in the product's entity object, and one send writes the newest value.
 *
 * Send: read the product's quantity (`free_qty` unless the routing names `virtual_available` or
 * `qty_available`) in ONE `product.product` call per warehouse (context `warehouse` AND
 * `warehouse_id`: 16/17 read the first, 18+ the second), decide per target (stock-plan.ts), compare
 * with the ledger, write only the difference, record each success at once.
 *
 * Ledger keys (objectKey per target source; ids as each API names them):
 * - Shopify      `inventory:<InventoryItem GID>@<Location GID>` -> `{available: n}`. GIDs always:
 *                a routing's numeric location id and a webhook's numeric ids are turned into GIDs
 *                (shopifyGid), so the echo of `inventory_levels/update` finds the same key.
 * - WooCommerce  `stock:<product id>` or `stock:<parent id>/<variation id>` -> `{stock_quantity: n}`.
 * - Square       `inventory:<ITEM_VARIATION id>@<location id>` -> `{quantity: n}`.
 *
 * Products are found by SKU (`default_code`), else barcode (Shopify only: WooCommerce and Square
 * are searched by SKU). Lookups are cached in the isolate for a few minutes, so a burst of changes
 * of one product costs one lookup.
 */
import type { CanonicalEvent, InventoryData } from "../../events/canonical";
import { OdooError } from "../../odoo/errors";
import { ProviderApiError } from "../../providers/provider-api";
import { shopifyAvailableAt, shopifyGid, shopifyInventoryItemFor, shopifySetAvailable, type ShopifyInventoryItem } from "../../providers/shopify-api";
import { squareSetCounts, squareVariationsBySku, SQUARE_CHANGES_MAX } from "../../providers/square-api";
import { wooSetStock, wooStockItemsBySku, type WooStockItem } from "../../providers/woocommerce-api";
import type { EchoProbe, OutboundContext, OutboundFlow, OutboundResult, OutboundTarget, OutboundWrite } from "../flow";
import { skippedWrite } from "../flow";
import { planStock, warehousesToRead, type OdooStock, type StockPlan } from "./stock-plan";

type Ctx = OutboundContext<"stock">;
type HoldPlan = Extract<StockPlan, { status: "hold" }>;

interface ProductCodes {
  id: number;
  sku: string | null;
  barcode: string | null;
  /** Odoo tracks its stock (16/17 `type = 'product'`, 18+ `is_storable`); else its quantity is always 0. */
  storable: boolean;
}

/** The field saying whether Odoo tracks a product's stock: `type` ('product') before 18, `is_storable` from 18. */
const storableField = (odooVersion: number) => (odooVersion >= 18 ? "is_storable" : "type");
const isStorable = (row: Record<string, unknown>, odooVersion: number) => (odooVersion >= 18 ? row.is_storable === true : row.type === "product");

// ---- Odoo ----

const odooText = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** The product's codes and its quantity per warehouse: one call per warehouse (+1 for "all"). */
async function readOdoo(ctx: Ctx, productId: number): Promise<{ product: ProductCodes | null; stock: OdooStock; readAt: Date }> {
  const field = ctx.config.quantity;
  const { codes, all } = warehousesToRead(ctx.config, ctx.targets);
  const warehouses = codes.length ? await warehousesByCode(ctx, codes) : [];
  const readProduct = async (warehouseId: number | null) => {
    const context: Record<string, unknown> = { active_test: false };
    // 16/17 read `warehouse`, 18 `warehouse_id`, 19 both: sending both is version-proof.
    if (warehouseId !== null) Object.assign(context, { warehouse: warehouseId, warehouse_id: warehouseId });
    const rows = await ctx.odoo.call<Record<string, unknown>[]>("product.product", "search_read", [[["id", "=", productId]], ["default_code", "barcode", storableField(ctx.odooVersion), field]], {
      context,
    });
    return rows[0] ?? null;
  };
  const stock: OdooStock = { byWarehouse: {}, all: null };
  const readAt = new Date();
  let row: Record<string, unknown> | null = null;
  for (const code of codes) {
    const warehouse = warehouses.find((w) => w.code === code);
    if (!warehouse) {
      stock.byWarehouse[code] = null;
      continue;
    }
    row = await readProduct(warehouse.id);
    // Not found (archived products included): it was deleted.
    if (!row) return { product: null, stock, readAt };
    stock.byWarehouse[code] = quantityOf(row, field);
  }
  if (all || !row) {
    row = await readProduct(null);
    if (!row) return { product: null, stock, readAt };
    if (all) stock.all = quantityOf(row, field);
  }
  const product = { id: productId, sku: odooText(row.default_code), barcode: odooText(row.barcode), storable: isStorable(row, ctx.odooVersion) };
  return { product, stock, readAt };
}

/** Warehouse ids by code change rarely: kept in the isolate for a few minutes per tenant and codes. */
const WAREHOUSE_TTL_MS = 5 * 60_000;
const warehouseIds = new Map<string, { warehouses: { id: number; code: string }[]; expires: number }>();

async function warehousesByCode(ctx: Ctx, codes: string[]): Promise<{ id: number; code: string }[]> {
  const key = `${ctx.tenantId}|${JSON.stringify(codes)}`;
  const hit = warehouseIds.get(key);
  if (hit && hit.expires > Date.now()) return hit.warehouses;
  const warehouses = await ctx.odoo.call<{ id: number; code: string }[]>("stock.warehouse", "search_read", [[["code", "in", codes]], ["code"]], {
    context: { active_test: false },
  });
  // Only a complete answer is kept: a warehouse created a minute later is found then.
  if (codes.every((c) => warehouses.some((w) => w.code === c))) warehouseIds.set(key, { warehouses, expires: Date.now() + WAREHOUSE_TTL_MS });
  if (warehouseIds.size > 1000) warehouseIds.delete(warehouseIds.keys().next().value!);
  return warehouses;
}

function quantityOf(row: Record<string, unknown>, field: string): number {
  const value = row[field];
  if (typeof value !== "number") throw new OdooError("business", `product.product.${field} is not a number in Odoo's answer (is the Inventory app installed?)`);
  return value;
}

// ---- provider lookups, cached in the isolate ----

const LOOKUP_TTL_MS = 5 * 60_000;
const lookups = new Map<string, { value: unknown; expires: number }>();

/** The looked-up object (from the cache unless `fresh`); `fromCache` says which. */
async function cachedLookup<T>(key: string, fresh: boolean, load: () => Promise<T>): Promise<T> {
  return (await lookupOf(key, fresh, load)).value;
}

async function lookupOf<T>(key: string, fresh: boolean, load: () => Promise<T>): Promise<{ value: T; fromCache: boolean }> {
  const hit = lookups.get(key);
  if (!fresh && hit && hit.expires > Date.now()) return { value: hit.value as T, fromCache: true };
  const value = await load();
  // Only found objects are kept: a product created in the shop a minute later is found then.
  if (value !== null && value !== "ambiguous") lookups.set(key, { value, expires: Date.now() + LOOKUP_TTL_MS });
  else lookups.delete(key);
  if (lookups.size > 5000) lookups.delete(lookups.keys().next().value!);
  return { value, fromCache: false };
}

/** A deterministic idempotency key (UUID-shaped, from SHA-256) of what a write is about. */
export async function idempotencyKey(parts: (string | number | null)[]): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(parts))));
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}


/**
 * A resync (onboarding, drift: `POST .../outbound/resyncs {"flow":"stock"}`) proves what each
 * provider holds now: someone may have changed the shop's stock by hand since the router wrote it,
 * and the ledger would call that level unchanged. Odoo owns stock: the shop's value is read and set.
 */
const checksDrift = (ctx: Ctx) => ctx.change.via === "resync" || ctx.change.via === "reconcile";

// ---- Shopify: inventorySetQuantities with changeFromQuantity and @idempotent ----

async function writeShopify(ctx: Ctx, t: OutboundTarget, plans: HoldPlan[], product: ProductCodes): Promise<OutboundWrite[]> {
  const code = { sku: product.sku, barcode: product.barcode };
  const cacheKey = `shopify|${t.session.baseUrl}|${JSON.stringify(code)}`;
  const item = await cachedLookup(cacheKey, false, () => shopifyInventoryItemFor(t.session, code));
  const label = [product.sku && `SKU "${product.sku}"`, product.barcode && `barcode "${product.barcode}"`].filter(Boolean).join(" or ");
  if (item === null) return [skippedWrite(t, `product:${product.id}`, `no Shopify variant with ${label}`)];
  if (item === "ambiguous") return [skippedWrite(t, `product:${product.id}`, `several Shopify variants carry ${label}`)];
  const writes: OutboundWrite[] = [];
  for (const plan of plans) {
    const locationId = shopifyGid("Location", plan.locationId ?? "");
    if (!locationId) {
      writes.push(skippedWrite(t, `location:${plan.locationId}`, `"${plan.locationId}" is not a Shopify location id (gid://shopify/Location/<n> or its number)`));
      continue;
    }
    try {
      writes.push(await setShopifyLevel(ctx, t, item, locationId, plan.quantity));
    } catch (err) {
      // The variant was deleted (or re-created) since it was looked up: the retry looks it up again.
      if (!(err instanceof ProviderApiError) || err.category !== "not_found") throw err;
      lookups.delete(cacheKey);
      throw new ProviderApiError("transient", `${err.message} (looked up again on the next attempt)`, err.status);
    }
  }
  return writes;
}

async function setShopifyLevel(ctx: Ctx, t: OutboundTarget, item: ShopifyInventoryItem, locationId: string, quantity: number): Promise<OutboundWrite> {
  const objectKey = `inventory:${item.inventoryItemId}@${locationId}`;
  const value = { available: quantity };
  const base = { to: t.sourceId, provider: t.provider, objectKey, value, link: item.variantId };
  const known = (await ctx.ledger.get(t.sourceId, [objectKey])).get(objectKey);
  // A drift check compares with what Shopify holds, never with what the router last wrote there.
  const ledgerAvailable = checksDrift(ctx) ? undefined : (known?.value as { available?: unknown } | undefined)?.available;
  if (ledgerAvailable === quantity) return { ...base, status: "unchanged" };
  const record = () => ctx.ledger.put([{ sourceId: t.sourceId, objectKey, value, eventId: ctx.eventId, link: item.variantId }]);

  // Compare-and-set from what the router last wrote, else from what Shopify holds now.
  let changeFrom = typeof ledgerAvailable === "number" ? ledgerAvailable : await shopifyAvailableAt(t.session, item.inventoryItemId, locationId);
  if (changeFrom === null) return { ...base, status: "skipped", reason: `the item is not stocked at ${locationId} (activate it there in Shopify)` };
  if (changeFrom === quantity) {
    await record();
    return { ...base, status: "unchanged" };
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await shopifySetAvailable(t.session, {
      inventoryItemId: item.inventoryItemId,
      locationId,
      quantity,
      changeFromQuantity: changeFrom,
      // The same event writing the same change from the same quantity: a replay after a lost answer.
      idempotencyKey: await idempotencyKey([ctx.eventId, objectKey, quantity, changeFrom]),
      referenceDocumentUri: `gid://odoo-router/OutboundEvent/${encodeURIComponent(ctx.eventId)}`,
    });
    if (result === "set") {
      await record();
      return { ...base, status: "sent" };
    }
    // Stale: someone else (an order, the merchant) changed it since. Odoo owns stock: read what
    // Shopify holds and set ours from there, once; a new key, since the input differs.
    const current = await shopifyAvailableAt(t.session, item.inventoryItemId, locationId);
    if (current === null) return { ...base, status: "skipped", reason: `the item is no longer stocked at ${locationId}` };
    if (current === quantity) {
      await record();
      return { ...base, status: "unchanged" };
    }
    changeFrom = current;
  }
  throw new ProviderApiError("transient", `Shopify ${objectKey}: the quantity changed again while it was being set (compare-and-set stale twice)`);
}

// ---- WooCommerce: stock_quantity through the batch endpoints, read-compare-write ----

async function writeWoo(ctx: Ctx, t: OutboundTarget, plan: HoldPlan, product: ProductCodes): Promise<OutboundWrite[]> {
  if (!product.sku) return [skippedWrite(t, `product:${product.id}`, "the product has no internal reference (default_code): WooCommerce is matched by SKU")];
  const sku = product.sku;
  const lookup = (fresh: boolean) => lookupOf(`woo|${t.session.baseUrl}|${sku}`, fresh, async () => (await wooStockItemsBySku(t.session, [sku])).get(sku) ?? null);
  const first = await lookup(false);
  let items = first.value;
  if (!items) return [skippedWrite(t, `sku:${sku}`, `no WooCommerce product or variation with SKU "${sku}"`)];
  if (items.length > 1) return [skippedWrite(t, `sku:${sku}`, `several WooCommerce products carry SKU "${sku}"`)];
  const keyOf = (item: WooStockItem) => (item.parentId === null ? `stock:${item.id}` : `stock:${item.parentId}/${item.id}`);
  let item = items[0]!;
  const objectKey = keyOf(item);
  const value = { stock_quantity: plan.quantity };
  const base = { to: t.sourceId, provider: t.provider, objectKey, value, link: String(item.parentId ?? item.id) };
  // A drift check compares with what the shop holds, never with what the router last wrote there.
  const known = checksDrift(ctx) ? undefined : (await ctx.ledger.get(t.sourceId, [objectKey])).get(objectKey);
  if ((known?.value as { stock_quantity?: unknown } | undefined)?.stock_quantity === plan.quantity) return [{ ...base, status: "unchanged" }];
  const record = () => ctx.ledger.put([{ sourceId: t.sourceId, objectKey, value, eventId: ctx.eventId, link: base.link }]);
  if (!known) {
    // Nothing written there yet: compare with what the shop holds now (no idempotency server-side:
    // look first), read again unless the lookup just did.
    if (first.fromCache) items = (await lookup(true)).value;
    item = items?.find((i) => i.id === item.id) ?? item;
    if (item.manageStock && item.stockQuantity === plan.quantity) {
      await record();
      return [{ ...base, status: "unchanged" }];
    }
  }
  const result = (await wooSetStock(t.session, [{ id: item.id, parentId: item.parentId, quantity: plan.quantity }])).get(item.id);
  if (!result?.ok) {
    const error = result?.error ?? "no answer for the item";
    // Deleted since it was looked up (cached): the retry looks it up again.
    if (/invalid_id/.test(error)) {
      lookups.delete(`woo|${t.session.baseUrl}|${sku}`);
      throw new ProviderApiError("transient", `WooCommerce ${objectKey}: ${error} (looked up again on the next attempt)`);
    }
    throw new ProviderApiError("data", `WooCommerce ${objectKey}: ${error}`);
  }
  await record();
  return [{ ...base, status: "sent" }];
}

// ---- Square: physical counts ----

async function writeSquare(ctx: Ctx, t: OutboundTarget, plans: HoldPlan[], product: ProductCodes, readAt: Date): Promise<OutboundWrite[]> {
  if (!product.sku) return [skippedWrite(t, `product:${product.id}`, "the product has no internal reference (default_code): Square is matched by SKU")];
  const sku = product.sku;
  const variations = await cachedLookup(`square|${t.session.baseUrl}|${sku}`, false, async () => (await squareVariationsBySku(t.session, [sku])).get(sku) ?? null);
  if (!variations) return [skippedWrite(t, `sku:${sku}`, `no Square item variation with SKU "${sku}"`)];
  if (variations.length > 1) return [skippedWrite(t, `sku:${sku}`, `several Square item variations carry SKU "${sku}"`)];
  const variation = variations[0]!;
  const wanted = plans.map((p) => ({ plan: p, objectKey: `inventory:${variation}@${p.locationId}`, value: { quantity: p.quantity } }));
  const known = await ctx.ledger.get(t.sourceId, wanted.map((w) => w.objectKey));
  const writes: OutboundWrite[] = [];
  const changed = wanted.filter((w) => {
    // A drift check sends every count: Square has no cheap read here, and `ignore_unchanged_counts`
    // makes an equal count a no-op on its side.
    const same = !checksDrift(ctx) && (known.get(w.objectKey)?.value as { quantity?: unknown } | undefined)?.quantity === w.plan.quantity;
    if (same) writes.push({ to: t.sourceId, provider: t.provider, objectKey: w.objectKey, value: w.value, status: "unchanged", link: variation });
    return !same;
  });
  for (let i = 0; i < changed.length; i += SQUARE_CHANGES_MAX) {
    const chunk = changed.slice(i, i + SQUARE_CHANGES_MAX);
    // Odoo's snapshot time: Square orders changes by it, so a sale recorded after the read still counts.
    const occurredAt = readAt.toISOString();
    const counts = chunk.map((w) => ({ catalogObjectId: variation, locationId: w.plan.locationId!, quantity: w.plan.quantity, occurredAt }));
    await squareSetCounts(t.session, counts, await idempotencyKey([ctx.eventId, JSON.stringify(counts)]), ctx.eventId.slice(0, 255));
    await ctx.ledger.put(chunk.map((w) => ({ sourceId: t.sourceId, objectKey: w.objectKey, value: w.value, eventId: ctx.eventId, link: variation })));
    for (const w of chunk) writes.push({ to: t.sourceId, provider: t.provider, objectKey: w.objectKey, value: w.value, status: "sent", link: variation });
  }
  return writes;
}

// ---- the flow ----

export const stockFlow: OutboundFlow<"stock"> = {
  name: "stock",

  watches() {
    // stock.quant keeps `product_id`, `location_id`, `quantity`, `reserved_quantity` stored on
    // 16.0 to 19.0 (addons/stock/models/stock_quant.py); only internal locations are stock.
    return [
      {
        model: "stock.quant",
        triggerFields: ["quantity", "reserved_quantity"],
        fields: ["product_id", "location_id"],
        domain: [["location_id.usage", "=", "internal"]],
        entityOf(record) {
          // A many2one arrives as an id (webhook payloads, load=None) or [id, name] (search_read).
          const value = Array.isArray(record.product_id) ? record.product_id[0] : record.product_id;
          return typeof value === "number" && Number.isInteger(value) && value > 0 ? String(value) : null;
        },
      },
    ];
  },

  async send(ctx): Promise<OutboundResult> {
    const productId = Number(ctx.externalId);
    if (!Number.isInteger(productId) || productId <= 0) throw new OdooError("business", `stock: "${ctx.externalId}" is not a product.product id`);
    const { product, stock, readAt } = await readOdoo(ctx, productId);
    if (!product) {
      const writes = ctx.targets.map((t) => skippedWrite(t, `product:${productId}`, `product.product ${productId} no longer exists in Odoo`));
      return { writes, odoo: { model: "product.product", id: productId } };
    }
    if (!product.storable) {
      // A consumable or service reads 0 everywhere: sending it would mark it sold out in every shop.
      const writes = ctx.targets.map((t) => skippedWrite(t, `product:${productId}`, "Odoo does not track this product's stock (not a storable product)"));
      return { writes, odoo: { model: "product.product", id: productId } };
    }
    const plans = planStock(ctx.config, ctx.targets, stock);
    const writes: OutboundWrite[] = [];
    const failures: unknown[] = [];
    // Every target is tried before a failure is raised: one shop down does not hold the others back
    // (the retry finds their writes in the ledger and sends only what is missing).
    for (const t of ctx.targets) {
      const mine = plans.filter((p) => p.sourceId === t.sourceId);
      for (const p of mine) if (p.status === "skipped") writes.push(skippedWrite(t, `location:${p.locationId ?? "*"}`, p.reason));
      const holds = mine.filter((p): p is HoldPlan => p.status === "hold");
      if (!holds.length) continue;
      try {
        if (!product.sku && !product.barcode) writes.push(skippedWrite(t, `product:${productId}`, "the product has neither an internal reference (default_code) nor a barcode"));
        else if (t.provider === "shopify") writes.push(...(await writeShopify(ctx, t, holds, product)));
        else if (t.provider === "woocommerce") writes.push(...(await writeWoo(ctx, t, holds[0]!, product)));
        else if (t.provider === "square") writes.push(...(await writeSquare(ctx, t, holds, product, readAt)));
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
    return {
      writes,
      odoo: { model: "product.product", id: productId },
      detail: { quantity: ctx.config.quantity, byWarehouse: stock.byWarehouse, ...(stock.all !== null ? { all: stock.all } : {}), readAt: readAt.toISOString() },
    };
  },

  echoOf(event: CanonicalEvent, provider: string): EchoProbe | null {
    // Shopify sends inventory_levels/update for the router's own inventorySetQuantities too.
    if (provider !== "shopify" || event.kind !== "inventory") return null;
    const data = event.data as InventoryData;
    const item = data.inventoryItemId ? shopifyGid("InventoryItem", data.inventoryItemId) : null;
    const location = data.locationId ? shopifyGid("Location", data.locationId) : null;
    if (!item || !location || data.available === null) return null;
    return { objectKey: `inventory:${item}@${location}`, value: { available: data.available } };
  },
};
