// Shopify webhook generator: orders/create + orders/updated, customers/create + customers/update,
// products/create + products/update, with the fields Shopify's Admin REST webhook payloads carry
// (API 2025-07 shapes: *_set money bags, tax lines, addresses, client details...), so bodies have
// real sizes (2-20 KB). Signed like Shopify: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(secret, body)).
import { createHmac } from "node:crypto";
import { catalogProduct, money, note, person, userAgent } from "./fake.mjs";

const SHOP = "bench-store.myshopify.com";
const API_VERSION = "2025-07";

const moneySet = (amount, currency) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

function address(p, withIds = false, id) {
  return {
    ...(withIds ? { id, customer_id: null } : {}),
    first_name: p.first,
    address1: p.street,
    phone: p.phone,
    city: p.place.city,
    zip: p.place.zip,
    province: p.place.province,
    country: p.place.country,
    last_name: p.last,
    address2: p.street2,
    company: p.company,
    latitude: null,
    longitude: null,
    name: `${p.first} ${p.last}`,
    country_code: p.place.country_code,
    province_code: p.place.province_code,
    ...(withIds ? { country_name: p.place.country_name, default: true } : {}),
  };
}

function customerBody(entity, updatedAt, createdAt) {
  const p = entity.person;
  const addresses = [address(p, true, entity.numericId * 10 + 1)];
  for (let i = 1; i < entity.extraAddresses + 1; i++) {
    addresses.push({ ...address(p, true, entity.numericId * 10 + 1 + i), address1: `${100 + i} Second Street`, default: false });
  }
  for (const a of addresses) a.customer_id = entity.numericId;
  return {
    id: entity.numericId,
    email: p.email,
    created_at: createdAt,
    updated_at: updatedAt,
    first_name: p.first,
    last_name: p.last,
    orders_count: entity.deliveries,
    state: "enabled",
    total_spent: money(entity.deliveries * 37.5),
    last_order_id: null,
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    tags: entity.tags,
    last_order_name: null,
    currency: "USD",
    phone: p.phone.replace(/\s/g, ""),
    addresses,
    tax_exemptions: [],
    email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: createdAt },
    sms_marketing_consent: { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null, consent_collected_from: "OTHER" },
    admin_graphql_api_id: `gid://shopify/Customer/${entity.numericId}`,
    default_address: addresses[0],
  };
}

function productBody(entity, updatedAt, createdAt) {
  const c = entity.catalog;
  const images = c.variants.slice(0, Math.min(4, c.variants.length)).map((v, i) => ({
    id: entity.numericId * 100 + i,
    alt: `${c.title} ${v.title}`,
    position: i + 1,
    product_id: entity.numericId,
    created_at: createdAt,
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/ProductImage/${entity.numericId * 100 + i}`,
    width: 2048,
    height: 2048,
    src: `https://cdn.shopify.com/s/files/1/0000/0001/products/${c.title.toLowerCase().replace(/\W+/g, "-")}-${i}.jpg?v=1732100000`,
    variant_ids: [entity.numericId * 1000 + i],
  }));
  return {
    admin_graphql_api_id: `gid://shopify/Product/${entity.numericId}`,
    body_html: `<p>${c.title}: made to last, shipped in recycled packaging. Care: see label.</p>`,
    created_at: createdAt,
    handle: c.title.toLowerCase().replace(/\W+/g, "-"),
    id: entity.numericId,
    product_type: c.type,
    published_at: createdAt,
    template_suffix: null,
    title: c.title,
    updated_at: updatedAt,
    vendor: c.vendor,
    status: "active",
    published_scope: "global",
    tags: `${c.type.toLowerCase()}, bench`,
    variants: c.variants.map((v, i) => ({
      admin_graphql_api_id: `gid://shopify/ProductVariant/${entity.numericId * 1000 + i}`,
      barcode: v.barcode,
      compare_at_price: null,
      created_at: createdAt,
      id: entity.numericId * 1000 + i,
      inventory_policy: "deny",
      position: i + 1,
      price: v.price,
      product_id: entity.numericId,
      sku: v.sku,
      taxable: true,
      title: v.title,
      updated_at: updatedAt,
      option1: v.options[0] ?? null,
      option2: v.options[1] ?? null,
      option3: null,
      image_id: null,
      inventory_item_id: entity.numericId * 1000 + 500 + i,
      inventory_quantity: 10 + ((entity.deliveries * 7 + i) % 90),
      old_inventory_quantity: 10 + ((entity.deliveries * 7 + i) % 90),
    })),
    options: c.options.map((o, i) => ({ name: o.name, id: entity.numericId * 10 + i, product_id: entity.numericId, position: i + 1, values: o.values })),
    images,
    image: images[0] ?? null,
    media: images.map((img) => ({ id: img.id + 7, admin_graphql_api_id: `gid://shopify/MediaImage/${img.id + 7}`, media_content_type: "IMAGE", alt: img.alt })),
    variant_gids: c.variants.map((_, i) => ({ admin_graphql_api_id: `gid://shopify/ProductVariant/${entity.numericId * 1000 + i}`, updated_at: updatedAt })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

function orderBody(entity, updatedAt, createdAt, rng, catalog) {
  const p = entity.person;
  const lines = entity.lines.map((l, i) => {
    const product = catalog[l.product % catalog.length];
    const variant = product.catalog.variants[l.variant % product.catalog.variants.length];
    const price = Number(variant.price);
    const tax = money(price * l.quantity * 0.13);
    return {
      id: entity.numericId * 100 + i,
      admin_graphql_api_id: `gid://shopify/LineItem/${entity.numericId * 100 + i}`,
      attributed_staffs: [],
      current_quantity: l.quantity,
      fulfillable_quantity: l.quantity,
      fulfillment_service: "manual",
      fulfillment_status: null,
      gift_card: false,
      grams: variant.grams,
      name: `${product.catalog.title} - ${variant.title}`,
      price: variant.price,
      price_set: moneySet(variant.price, "USD"),
      product_exists: true,
      product_id: product.numericId,
      properties: [],
      quantity: l.quantity,
      requires_shipping: true,
      sales_line_item_group_id: null,
      sku: variant.sku,
      taxable: true,
      title: product.catalog.title,
      total_discount: money(l.discount),
      total_discount_set: moneySet(money(l.discount), "USD"),
      variant_id: product.numericId * 1000 + (l.variant % product.catalog.variants.length),
      variant_inventory_management: "shopify",
      variant_title: variant.title,
      vendor: product.catalog.vendor,
      tax_lines: [{ channel_liable: false, price: tax, price_set: moneySet(tax, "USD"), rate: 0.13, title: "HST" }],
      duties: [],
      discount_allocations: l.discount > 0 ? [{ amount: money(l.discount), amount_set: moneySet(money(l.discount), "USD"), discount_application_index: 0 }] : [],
    };
  });
  const subtotal = entity.lines.reduce((s, l, i) => s + Number(lines[i].price) * l.quantity - l.discount, 0);
  const taxTotal = subtotal * 0.13;
  const shipping = subtotal > 100 ? 0 : 9.99;
  const total = subtotal + taxTotal + shipping;
  const paid = entity.deliveries > 1 || entity.paidAtCreate;
  const bill = address(p);
  const customer = {
    id: entity.customerId,
    email: p.email,
    created_at: createdAt,
    updated_at: createdAt,
    first_name: p.first,
    last_name: p.last,
    state: "enabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: null,
    email_marketing_consent: { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null },
    sms_marketing_consent: null,
    tags: "",
    currency: "USD",
    tax_exemptions: [],
    admin_graphql_api_id: `gid://shopify/Customer/${entity.customerId}`,
    default_address: { ...address(p, true, entity.customerId * 10 + 1), customer_id: entity.customerId },
  };
  return {
    id: entity.numericId,
    admin_graphql_api_id: `gid://shopify/Order/${entity.numericId}`,
    app_id: 580111,
    browser_ip: `203.0.113.${entity.numericId % 250}`,
    buyer_accepts_marketing: false,
    cancel_reason: null,
    cancelled_at: null,
    cart_token: rng.hex(32),
    checkout_id: entity.numericId + 7,
    checkout_token: rng.hex(32),
    client_details: {
      accept_language: "en-US,en;q=0.9",
      browser_height: 900,
      browser_ip: `203.0.113.${entity.numericId % 250}`,
      browser_width: 1440,
      session_hash: null,
      user_agent: userAgent(rng),
    },
    closed_at: null,
    company: null,
    confirmation_number: entity.confirmation,
    confirmed: true,
    contact_email: p.email,
    created_at: createdAt,
    currency: "USD",
    current_shipping_price_set: moneySet(money(shipping), "USD"),
    current_subtotal_price: money(subtotal),
    current_subtotal_price_set: moneySet(money(subtotal), "USD"),
    current_total_additional_fees_set: null,
    current_total_discounts: money(entity.lines.reduce((s, l) => s + l.discount, 0)),
    current_total_discounts_set: moneySet(money(entity.lines.reduce((s, l) => s + l.discount, 0)), "USD"),
    current_total_duties_set: null,
    current_total_price: money(total),
    current_total_price_set: moneySet(money(total), "USD"),
    current_total_tax: money(taxTotal),
    current_total_tax_set: moneySet(money(taxTotal), "USD"),
    customer_locale: "en-US",
    device_id: null,
    discount_codes: entity.lines.some((l) => l.discount > 0) ? [{ code: "WELCOME10", amount: "10.00", type: "fixed_amount" }] : [],
    duties_included: false,
    email: p.email,
    estimated_taxes: false,
    financial_status: paid ? "paid" : "pending",
    fulfillment_status: null,
    landing_site: "/products/bench?utm_source=newsletter",
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: "MTU4MDExMQ",
    merchant_of_record_app_id: null,
    name: `#${entity.orderNumber}`,
    note: entity.note,
    note_attributes: entity.note ? [{ name: "gift_message", value: entity.note }] : [],
    number: entity.orderNumber - 1000,
    order_number: entity.orderNumber,
    order_status_url: `https://${SHOP}/58011100/orders/${rng.hex(32)}/authenticate?key=${rng.hex(32)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["shopify_payments"],
    phone: null,
    po_number: null,
    presentment_currency: "USD",
    processed_at: createdAt,
    reference: null,
    referring_site: "https://www.example.test/",
    source_identifier: null,
    source_name: "web",
    source_url: null,
    subtotal_price: money(subtotal),
    subtotal_price_set: moneySet(money(subtotal), "USD"),
    tags: "",
    tax_exempt: false,
    tax_lines: [{ price: money(taxTotal), rate: 0.13, title: "HST", price_set: moneySet(money(taxTotal), "USD"), channel_liable: false }],
    taxes_included: false,
    test: false,
    token: rng.hex(32),
    total_cash_rounding_payment_adjustment_set: moneySet("0.00", "USD"),
    total_cash_rounding_refund_adjustment_set: moneySet("0.00", "USD"),
    total_discounts: money(entity.lines.reduce((s, l) => s + l.discount, 0)),
    total_discounts_set: moneySet(money(entity.lines.reduce((s, l) => s + l.discount, 0)), "USD"),
    total_line_items_price: money(subtotal),
    total_line_items_price_set: moneySet(money(subtotal), "USD"),
    total_outstanding: paid ? "0.00" : money(total),
    total_price: money(total),
    total_price_set: moneySet(money(total), "USD"),
    total_shipping_price_set: moneySet(money(shipping), "USD"),
    total_tax: money(taxTotal),
    total_tax_set: moneySet(money(taxTotal), "USD"),
    total_tip_received: "0.00",
    total_weight: entity.lines.length * 400,
    updated_at: updatedAt,
    user_id: null,
    billing_address: bill,
    customer,
    discount_applications: entity.lines.some((l) => l.discount > 0)
      ? [{ target_type: "line_item", type: "discount_code", value: "10.0", value_type: "fixed_amount", allocation_method: "across", target_selection: "all", code: "WELCOME10" }]
      : [],
    fulfillments: [],
    line_items: lines,
    payment_terms: null,
    refunds: [],
    shipping_address: { ...bill },
    shipping_lines: [{
      id: entity.numericId + 3,
      carrier_identifier: null,
      code: "Standard",
      discounted_price: money(shipping),
      discounted_price_set: moneySet(money(shipping), "USD"),
      is_removed: false,
      phone: null,
      price: money(shipping),
      price_set: moneySet(money(shipping), "USD"),
      requested_fulfillment_service_id: null,
      source: "shopify",
      title: "Standard Shipping",
      tax_lines: [],
      discount_allocations: [],
    }],
  };
}

const TOPICS = {
  order: ["orders/create", "orders/updated"],
  customer: ["customers/create", "customers/update"],
  product: ["products/create", "products/update"],
};

export default {
  id: "shopify",
  weight: 0.4,
  kinds: [["order", 0.5], ["customer", 0.25], ["product", 0.25]],
  secret: "bench-shopify-app-secret",
  sourceOptions: [{ currency: "USD" }, {}],

  newEntity(rng, index, kind) {
    const numericId = 5_000_000_000_000 + index * 7919;
    const entity = { kind, externalId: String(numericId), numericId, deliveries: 0 };
    if (kind === "product") entity.catalog = catalogProduct(rng, index);
    else {
      entity.person = person(rng, numericId);
      entity.extraAddresses = rng.int(1, 3);
      entity.tags = rng.pick(["", "vip", "wholesale, newsletter", "returning"]);
    }
    if (kind === "order") {
      entity.customerId = 6_000_000_000_000 + rng.int(0, 2499) * 7919;
      entity.orderNumber = 1001 + index;
      entity.confirmation = rng.alnum(9).toUpperCase();
      entity.note = note(rng);
      entity.paidAtCreate = rng.chance(0.3);
      const count = rng.weighted([[1, 30], [2, 20], [3, 15], [4, 8], [5, 7], [6, 6], [7, 5], [8, 4], [9, 3], [10, 2]]);
      entity.lines = Array.from({ length: count }, () => ({
        product: rng.int(0, 10_000),
        variant: rng.int(0, 14),
        quantity: rng.weighted([[1, 70], [2, 20], [3, 7], [6, 3]]),
        discount: rng.chance(0.15) ? 2.5 : 0,
      }));
    }
    return entity;
  },

  /** A fresh delivery of the entity's current state. */
  delivery({ entity, versionMs, rng, catalog, createdAtMs }) {
    const topic = TOPICS[entity.kind][entity.deliveries === 0 ? 0 : 1];
    const updatedAt = new Date(versionMs).toISOString().replace(".000Z", "Z");
    const createdAt = new Date(createdAtMs).toISOString().replace(".000Z", "Z");
    let body;
    if (entity.kind === "order") body = orderBody(entity, updatedAt, createdAt, rng, catalog.product);
    else if (entity.kind === "customer") body = customerBody(entity, updatedAt, createdAt);
    else body = productBody(entity, updatedAt, createdAt);
    const raw = JSON.stringify(body);
    const webhookId = rng.uuid();
    return {
      topic,
      deliveryId: webhookId,
      body: raw,
      headers: {
        "content-type": "application/json",
        "user-agent": "Shopify-Captain-Hook",
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": API_VERSION,
        "x-shopify-webhook-id": webhookId,
        "x-shopify-event-id": rng.uuid(),
        "x-shopify-triggered-at": new Date(versionMs + 150).toISOString(),
        "x-shopify-hmac-sha256": createHmac("sha256", this.secret).update(raw, "utf8").digest("base64"),
      },
    };
  },
};
