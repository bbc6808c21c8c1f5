// WooCommerce webhook generator: order/customer/product .created and .updated, bodies in the REST API
// v3 representation WooCommerce sends. Signed like WC_Webhook::deliver():
// X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, raw body)); X-WC-Webhook-Delivery-ID is new per delivery.
import { createHmac } from "node:crypto";
import { catalogProduct, money, note, person } from "./fake.mjs";

const SITE = "https://shop.example.test/";

const wcDate = (ms) => new Date(ms).toISOString().slice(0, 19);

function billing(p, withEmail = true) {
  return {
    first_name: p.first, last_name: p.last, company: p.company ?? "", address_1: p.street, address_2: p.street2 ?? "",
    city: p.place.city, state: p.place.province_code ?? "", postcode: p.place.zip, country: p.place.country_code,
    ...(withEmail ? { email: p.email } : {}), phone: p.phone,
  };
}

const links = (kind, id) => ({
  self: [{ href: `${SITE}wp-json/wc/v3/${kind}/${id}`, targetHints: { allow: ["GET", "POST", "PUT", "PATCH", "DELETE"] } }],
  collection: [{ href: `${SITE}wp-json/wc/v3/${kind}` }],
});

function orderBody(entity, versionMs, createdMs, catalog) {
  const p = entity.person;
  const lines = entity.lines.map((l, i) => {
    const product = catalog[l.product % catalog.length];
    const variant = product.catalog.variants[l.variant % product.catalog.variants.length];
    const subtotal = Number(variant.price) * l.quantity;
    const tax = subtotal * 0.2;
    return {
      id: entity.id * 100 + i, name: `${product.catalog.title} - ${variant.title}`, product_id: product.id,
      variation_id: product.id * 100 + (l.variant % product.catalog.variants.length), quantity: l.quantity, tax_class: "",
      subtotal: money(subtotal), subtotal_tax: money(tax), total: money(subtotal), total_tax: money(tax),
      taxes: [{ id: 1, total: money(tax), subtotal: money(tax) }],
      meta_data: variant.options.map((v, k) => ({ id: entity.id * 1000 + i * 10 + k, key: product.catalog.options[k].name.toLowerCase(), value: v, display_key: product.catalog.options[k].name, display_value: v })),
      sku: variant.sku, price: Number(variant.price), image: { id: product.id + 1, src: `${SITE}wp-content/uploads/2026/10/${variant.sku.toLowerCase()}.jpg` },
      parent_name: product.catalog.title, bundled_by: "", bundled_item_title: "", bundled_items: [],
    };
  });
  const subtotal = lines.reduce((s, l) => s + Number(l.subtotal), 0);
  const paid = entity.deliveries > 0;
  return {
    id: entity.id, parent_id: 0, status: paid ? "processing" : "pending", currency: "EUR", version: "9.4.2",
    prices_include_tax: false, date_created: wcDate(createdMs), date_modified: wcDate(versionMs), discount_total: "0.00",
    discount_tax: "0.00", shipping_total: "5.90", shipping_tax: "1.18", cart_tax: money(subtotal * 0.2),
    total: money(subtotal * 1.2 + 7.08), total_tax: money(subtotal * 0.2 + 1.18), customer_id: entity.customerId,
    order_key: `wc_order_${entity.key}`, billing: billing(p), shipping: billing(p, false), payment_method: "stripe",
    payment_method_title: "Credit Card (Stripe)", transaction_id: paid ? `pi_${entity.key}` : "",
    customer_ip_address: `198.51.100.${entity.id % 250}`, customer_user_agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
    created_via: "checkout", customer_note: entity.note ?? "", date_completed: null, date_paid: paid ? wcDate(versionMs) : null,
    cart_hash: entity.key.repeat(2).slice(0, 32), number: String(entity.id),
    meta_data: [{ id: entity.id * 7, key: "_stripe_customer_id", value: `cus_${entity.key}` }, { id: entity.id * 7 + 1, key: "is_vat_exempt", value: "no" }],
    line_items: lines,
    tax_lines: [{ id: entity.id + 5, rate_code: `${p.place.country_code}-VAT-1`, rate_id: 1, label: "VAT", compound: false, tax_total: money(subtotal * 0.2), shipping_tax_total: "1.18", rate_percent: 20, meta_data: [] }],
    shipping_lines: [{ id: entity.id + 6, method_title: "Flat rate", method_id: "flat_rate", instance_id: "1", total: "5.90", total_tax: "1.18", taxes: [{ id: 1, total: "1.18", subtotal: "" }], meta_data: [{ id: entity.id * 7 + 2, key: "Items", value: lines.map((l) => `${l.name} &times; ${l.quantity}`).join(", "), display_key: "Items", display_value: lines.map((l) => `${l.name} &times; ${l.quantity}`).join(", ") }] }],
    fee_lines: [], coupon_lines: [], refunds: [], payment_url: `${SITE}checkout/order-pay/${entity.id}/?pay_for_order=true&key=wc_order_${entity.key}`,
    is_editable: !paid, needs_payment: !paid, needs_processing: true, date_created_gmt: wcDate(createdMs), date_modified_gmt: wcDate(versionMs),
    date_completed_gmt: null, date_paid_gmt: paid ? wcDate(versionMs) : null, currency_symbol: "€", _links: links("orders", entity.id),
  };
}

function customerBody(entity, versionMs, createdMs) {
  const p = entity.person;
  return {
    id: entity.id, date_created: wcDate(createdMs), date_created_gmt: wcDate(createdMs), date_modified: wcDate(versionMs),
    date_modified_gmt: wcDate(versionMs), email: p.email, first_name: p.first, last_name: p.last, role: "customer",
    username: p.email.split("@")[0], billing: billing(p), shipping: billing(p, false), is_paying_customer: entity.deliveries > 0,
    avatar_url: `https://secure.gravatar.com/avatar/${entity.key}${entity.key}?s=96&d=mm&r=g`,
    orders_count: entity.deliveries, total_spent: money(entity.deliveries * 48.2),
    meta_data: [
      { id: entity.id * 9, key: "wc_last_active", value: String(Math.floor(versionMs / 1000)) },
      { id: entity.id * 9 + 1, key: "_woocommerce_persistent_cart_1", value: { cart: {} } },
      { id: entity.id * 9 + 2, key: "mailchimp_woocommerce_is_subscribed", value: "1" },
      { id: entity.id * 9 + 3, key: "billing_vat_number", value: p.company ? `${p.place.country_code}${entity.id}0042` : "" },
      { id: entity.id * 9 + 4, key: "_last_order", value: String(entity.id * 3) },
      { id: entity.id * 9 + 5, key: "dismissed_wc_admin_notice_notices", value: "1" },
      { id: entity.id * 9 + 6, key: "_wcs_subscription_ids_cache", value: [] },
      { id: entity.id * 9 + 7, key: "_stripe_customer_id", value: `cus_${entity.key}` },
      { id: entity.id * 9 + 8, key: "shipping_method", value: ["flat_rate:1"] },
      { id: entity.id * 9 + 9, key: "_wc_points_balance", value: String(entity.deliveries * 25) },
      { id: entity.id * 9 + 10, key: "session_tokens", value: { [entity.key.repeat(5).slice(0, 64)]: { expiration: Math.floor(versionMs / 1000) + 1209600, ip: `198.51.100.${entity.id % 250}`, ua: "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0", login: Math.floor(versionMs / 1000) } } },
    ],
    _links: links("customers", entity.id),
  };
}

function productBody(entity, versionMs, createdMs) {
  const c = entity.catalog;
  return {
    id: entity.id, name: c.title, slug: c.title.toLowerCase().replace(/\W+/g, "-"), permalink: `${SITE}product/${c.title.toLowerCase().replace(/\W+/g, "-")}/`,
    date_created: wcDate(createdMs), date_created_gmt: wcDate(createdMs), date_modified: wcDate(versionMs), date_modified_gmt: wcDate(versionMs),
    type: c.variants.length > 1 ? "variable" : "simple", status: "publish", featured: false, catalog_visibility: "visible",
    description: `<p>${c.title}: made to last, shipped in recycled packaging.</p>\n<ul><li>Vendor: ${c.vendor}</li><li>Category: ${c.type}</li></ul>`,
    short_description: `<p>${c.type} by ${c.vendor}.</p>`, sku: c.variants[0].sku, price: c.variants[0].price, regular_price: c.variants[0].price,
    sale_price: "", date_on_sale_from: null, date_on_sale_to: null, on_sale: false, purchasable: true, total_sales: entity.deliveries * 3,
    virtual: false, downloadable: false, downloads: [], download_limit: -1, download_expiry: -1, external_url: "", button_text: "",
    tax_status: "taxable", tax_class: "", manage_stock: true, stock_quantity: 40 + (entity.deliveries % 30), backorders: "no",
    backorders_allowed: false, backordered: false, low_stock_amount: null, sold_individually: false, weight: "0.4",
    dimensions: { length: "20", width: "15", height: "8" }, shipping_required: true, shipping_taxable: true, shipping_class: "", shipping_class_id: 0,
    reviews_allowed: true, average_rating: "4.60", rating_count: 12, upsell_ids: [], cross_sell_ids: [], parent_id: 0, purchase_note: "",
    categories: [{ id: 15, name: c.type, slug: c.type.toLowerCase() }], tags: [{ id: 31, name: "bench", slug: "bench" }],
    images: c.variants.slice(0, 4).map((v, i) => ({ id: entity.id * 10 + i, date_created: wcDate(createdMs), date_modified: wcDate(versionMs), src: `${SITE}wp-content/uploads/2026/10/${v.sku.toLowerCase()}.jpg`, name: v.sku, alt: `${c.title} ${v.title}` })),
    attributes: c.options.map((o, i) => ({ id: i + 1, name: o.name, slug: `pa_${o.name.toLowerCase()}`, position: i, visible: true, variation: true, options: o.values })),
    default_attributes: [], variations: c.variants.map((v) => entity.id * 100 + v.index), grouped_products: [], menu_order: 0,
    price_html: `<span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&euro;</span>${c.variants[0].price}</bdi></span>`,
    related_ids: [entity.id + 1, entity.id + 2], meta_data: [{ id: entity.id * 3, key: "_wpcom_is_markdown", value: "1" }],
    stock_status: "instock", has_options: c.variants.length > 1, post_password: "", global_unique_id: c.variants[0].barcode ?? "",
    _links: links("products", entity.id),
  };
}

const RESOURCE = { order: "order", customer: "customer", product: "product" };

export default {
  id: "woocommerce",
  weight: 0.15,
  kinds: [["order", 0.5], ["customer", 0.25], ["product", 0.25]],
  secret: "bench-woo-webhook-secret",
  sourceOptions: [{ currency: "EUR" }, {}],

  newEntity(rng, index, kind) {
    const entity = { kind, id: 100 + index, externalId: String(100 + index), deliveries: 0, key: rng.alnum(13) };
    if (kind === "product") entity.catalog = catalogProduct(rng, index);
    else entity.person = person(rng, 100 + index);
    if (kind === "order") {
      entity.customerId = rng.int(1, 2000);
      entity.note = note(rng);
      const count = rng.weighted([[1, 30], [2, 25], [3, 15], [4, 10], [6, 10], [8, 6], [11, 4]]);
      entity.lines = Array.from({ length: count }, () => ({ product: rng.int(0, 10_000), variant: rng.int(0, 14), quantity: rng.weighted([[1, 75], [2, 20], [4, 5]]) }));
    }
    return entity;
  },

  delivery({ entity, versionMs, rng, catalog, createdAtMs }) {
    const event = entity.deliveries === 0 ? "created" : "updated";
    const topic = `${RESOURCE[entity.kind]}.${event}`;
    let body;
    if (entity.kind === "order") body = orderBody(entity, versionMs, createdAtMs, catalog.product);
    else if (entity.kind === "customer") body = customerBody(entity, versionMs, createdAtMs);
    else body = productBody(entity, versionMs, createdAtMs);
    const raw = JSON.stringify(body);
    const deliveryId = rng.hex(32);
    return {
      topic,
      deliveryId,
      body: raw,
      headers: {
        "content-type": "application/json",
        "user-agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
        "x-wc-webhook-source": SITE,
        "x-wc-webhook-topic": topic,
        "x-wc-webhook-resource": RESOURCE[entity.kind],
        "x-wc-webhook-event": event,
        "x-wc-webhook-signature": createHmac("sha256", this.secret).update(raw, "utf8").digest("base64"),
        "x-wc-webhook-id": "7",
        "x-wc-webhook-delivery-id": deliveryId,
      },
    };
  },
};
