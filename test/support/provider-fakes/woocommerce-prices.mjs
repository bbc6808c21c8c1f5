// The price side of the WooCommerce fake (woocommerce.mjs routes to it), as the REST v3
// controllers answer it (woocommerce/woocommerce `class-wc-rest-products-controller.php`,
// `class-wc-rest-product-variations-controller.php`, `class-wc-rest-controller.php` batch_items):
// - GET  /products?sku=A,B: products AND variations whose `_sku` is one of the list (the `sku`
//   filter adds the product_variation post type); a variation has `type: "variation"`, `parent_id`;
// - GET  /data/currencies/current -> {code, name, symbol};
// - POST /products/batch and /products/{id}/variations/batch {update: [{id, regular_price}]}:
//   HTTP 200 with one entry per item, an unknown id answered in place with
//   `{id, error: {code: "woocommerce_rest_product_invalid_id" | "woocommerce_rest_product_variation_invalid_id",
//   message: "Invalid ID.", data: {status: 400}}}`; more than 100 items -> 413
//   `woocommerce_rest_request_entity_too_large`; a `regular_price` that is not a string of a
//   number -> 400 `rest_invalid_param` for the whole call.
// - Every change of a product or variation queues its `product.updated` webhook body (the product
//   as GET /products/{id} returns it; a variation's change updates its parent), read at
//   GET /__fake/webhooks. A replay setting the same price changes nothing and queues nothing.
// Seed variations with POST /__fake/seed {variations: [{id, parent_id, sku, regular_price}]}.

const BATCH_LIMIT = 100;
const PRICE = /^\d+(\.\d+)?$/;

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8", ...headers } });
const wpError = (status, code, message, extra = {}) => json(status, { code, message, data: { status, ...extra } });

export function variationsOf(s) {
  s.objects.variations ??= new Map();
  s.webhooks ??= [];
  return s.objects.variations;
}

const modifiedNow = () => new Date().toISOString().slice(0, 19);

function touch(s, product) {
  product.date_modified_gmt = modifiedNow();
  s.webhooks.push({ topic: "product.updated", body: structuredClone(product) });
}

async function batch(s, request, parentId) {
  const body = await request.json().catch(() => null);
  const update = Array.isArray(body?.update) ? body.update : [];
  const total = update.length + (body?.create?.length ?? 0) + (body?.delete?.length ?? 0);
  if (total > BATCH_LIMIT) return wpError(413, "woocommerce_rest_request_entity_too_large", `Unable to accept more than ${BATCH_LIMIT} items for this request.`);
  for (const [i, item] of update.entries()) {
    if (item?.regular_price !== undefined && !(typeof item.regular_price === "string" && (item.regular_price === "" || PRICE.test(item.regular_price)))) {
      return json(400, { code: "rest_invalid_param", message: "Invalid parameter(s): update", data: { status: 400, params: { update: `update[${i}][regular_price] is not of type string.` } } });
    }
  }
  const parent = parentId === null ? null : s.objects.products.get(String(parentId));
  if (parentId !== null && !parent) return wpError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
  const variations = variationsOf(s);
  const answered = [];
  let parentChanged = false;
  for (const item of update) {
    const id = String(item?.id ?? "");
    const target = parentId === null ? s.objects.products.get(id) : variations.get(id);
    if (!target || (parentId !== null && String(target.parent_id) !== String(parentId))) {
      const code = parentId === null ? "woocommerce_rest_product_invalid_id" : "woocommerce_rest_product_variation_invalid_id";
      answered.push({ id: Number(id) || 0, error: { code, message: "Invalid ID.", data: { status: 400 } } });
      continue;
    }
    if (item.regular_price !== undefined && item.regular_price !== target.regular_price) {
      target.regular_price = item.regular_price;
      // Not on sale here: the active price is the regular one.
      target.price = item.regular_price;
      if (parentId === null) touch(s, target);
      else {
        target.date_modified_gmt = modifiedNow();
        parentChanged = true;
      }
    }
    answered.push(structuredClone(target));
  }
  if (parentChanged) touch(s, parent);
  return json(200, { create: [], update: answered, delete: [] });
}

/** The answer to a price call, or null when the request is not one of them. */
export async function pricesRoute(s, url, request, refusal) {
  const path = url.pathname;
  const mine =
    path === "/wp-json/wc/v3/data/currencies/current" ||
    (path === "/wp-json/wc/v3/products" && request.method === "GET" && url.searchParams.has("sku")) ||
    path === "/wp-json/wc/v3/products/batch" ||
    /^\/wp-json\/wc\/v3\/products\/\d+\/variations\/batch$/.test(path);
  if (!mine) return null;
  if (refusal) return wpError(401, "woocommerce_rest_authentication_error", refusal);
  if (path === "/wp-json/wc/v3/data/currencies/current" && request.method === "GET") {
    return json(200, { code: s.currency ?? "USD", name: "Shop currency", symbol: "$" });
  }
  if (path === "/wp-json/wc/v3/products" && request.method === "GET" && url.searchParams.has("sku")) {
    const skus = new Set(url.searchParams.get("sku").split(",").map((x) => x.trim()).filter(Boolean));
    const found = [...s.objects.products.values(), ...variationsOf(s).values()].filter((o) => skus.has(o.sku));
    return json(200, found, { "x-wp-total": String(found.length), "x-wp-totalpages": "1" });
  }
  if (path === "/wp-json/wc/v3/products/batch" && request.method === "POST") return batch(s, request, null);
  const m = /^\/wp-json\/wc\/v3\/products\/(\d+)\/variations\/batch$/.exec(path);
  if (m && request.method === "POST") return batch(s, request, m[1]);
  return null;
}
