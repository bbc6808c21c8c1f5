// Stock of the WooCommerce fake (woocommerce.mjs), as WooCommerce REST v3 answers it:
// - `GET /products?sku=a,b`: with a SKU filter the products controller searches products AND
//   variations (`post_type = ['product', 'product_variation']`, class-wc-rest-products-controller.php
//   `prepare_objects_query`); comma-separated SKUs; a variation comes back with `type: "variation"`
//   and its `parent_id`.
// - `POST /products/batch` and `POST /products/{id}/variations/batch` `{create, update, delete}`:
//   at most 100 items in all (else 413 `woocommerce_rest_request_entity_too_large`,
//   `check_batch_limit()`); answered 200 with one entry per item, a refused item as
//   `{id, error: {code, message, data: {status}}}`. `stock_quantity` is kept only where
//   `manage_stock` is true (WC_Product::set_stock_quantity is applied by the REST controller only
//   for managed stock). No idempotency key, no compare-and-set: the last write wins.
//
// Control (tests only): seed keys `products` (with sku, stock_quantity, manage_stock) and
// `variations: [{id, parent_id, sku, stock_quantity, manage_stock}]`;
// GET /__fake/stock -> {products: {id: stock_quantity}, variations: {id: stock_quantity}, batchCalls, itemsUpdated}.

const BATCH_LIMIT = 100;

function stockOf(s) {
  // One store of variations with the price part (woocommerce-prices.mjs `variationsOf`).
  s.objects.variations ??= new Map();
  s.stock ??= { variations: s.objects.variations, batchCalls: 0, itemsUpdated: 0 };
  return s.stock;
}

export function seedStock(s, body) {
  const stock = stockOf(s);
  for (const v of body.variations ?? []) stock.variations.set(String(v.id), { type: "variation", manage_stock: false, stock_quantity: null, ...v });
}

const gmtNow = () => new Date().toISOString().slice(0, 19);

/** The stock routes, or null for the others (woocommerce.mjs answers those). */
export async function stockRoute(s, url, request, { authorized, json, wpError }) {
  const isSkuSearch = request.method === "GET" && url.pathname === "/wp-json/wc/v3/products" && url.searchParams.get("sku");
  const productsBatch = url.pathname === "/wp-json/wc/v3/products/batch";
  const variationsBatch = /^\/wp-json\/wc\/v3\/products\/(\d+)\/variations\/batch$/.exec(url.pathname);
  if (!isSkuSearch && !productsBatch && !variationsBatch) return null;
  const refusal = authorized(s, request);
  if (refusal) return wpError(401, "woocommerce_rest_authentication_error", refusal);
  const stock = stockOf(s);

  if (isSkuSearch) {
    const raw = url.searchParams.get("sku");
    const skus = raw.split(",");
    if (skus.length > 1) skus.push(raw);
    const perPage = Number(url.searchParams.get("per_page") ?? "10");
    const rows = [...s.objects.products.values(), ...stock.variations.values()].filter((o) => o.sku && skus.includes(o.sku)).slice(0, perPage);
    return json(200, rows, { "x-wp-total": String(rows.length), "x-wp-totalpages": rows.length ? "1" : "0" });
  }
  if (request.method !== "POST") return wpError(404, "rest_no_route", "No route was found matching the URL and request method.");
  let body;
  try {
    body = await request.json();
  } catch {
    return wpError(400, "rest_invalid_json", "Invalid JSON body passed.");
  }
  const total = ["create", "update", "delete"].reduce((n, k) => n + (Array.isArray(body?.[k]) ? body[k].length : 0), 0);
  if (total > BATCH_LIMIT) return wpError(413, "woocommerce_rest_request_entity_too_large", `Unable to accept more than ${BATCH_LIMIT} items for this request.`);
  stock.batchCalls++;
  const parentId = variationsBatch ? Number(variationsBatch[1]) : null;
  if (parentId !== null && !s.objects.products.has(String(parentId))) {
    return wpError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
  }
  const update = (body.update ?? []).map((item) => {
    const target = parentId === null ? s.objects.products.get(String(item.id)) : stock.variations.get(String(item.id));
    if (!target || (parentId !== null && target.parent_id !== parentId)) {
      const code = parentId === null ? "woocommerce_rest_product_invalid_id" : "woocommerce_rest_product_variation_invalid_id";
      return { id: item.id, error: { code, message: "Invalid ID.", data: { status: 400 } } };
    }
    if (item.manage_stock !== undefined) target.manage_stock = item.manage_stock === true;
    if (item.stock_quantity !== undefined && target.manage_stock) target.stock_quantity = Math.trunc(Number(item.stock_quantity));
    target.stock_status = target.manage_stock ? (target.stock_quantity > 0 ? "instock" : "outofstock") : target.stock_status;
    target.date_modified_gmt = gmtNow();
    stock.itemsUpdated++;
    return { ...target };
  });
  return json(200, { create: [], update, delete: [] });
}

export function stockControl(s, url, json) {
  if (url.pathname !== "/__fake/stock") return null;
  const stock = stockOf(s);
  const quantities = (map) => Object.fromEntries([...map.values()].map((o) => [o.id, o.stock_quantity ?? null]));
  return json(200, { products: quantities(s.objects.products), variations: quantities(stock.variations), batchCalls: stock.batchCalls, itemsUpdated: stock.itemsUpdated });
}
