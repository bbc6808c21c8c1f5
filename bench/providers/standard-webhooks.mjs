// Standard Webhooks generator (the spec Svix and others implement): {type, timestamp, data} bodies
// for customer and order resources of a generic commerce platform. Signed per the spec:
// webhook-signature = "v1," + base64(HMAC-SHA256(base64decode(secret without "whsec_"), id.ts.body)).
import { createHmac } from "node:crypto";
import { money, note, person } from "./fake.mjs";

const KEY = Buffer.from("bench-standard-webhooks-signing-key-32b!"); // 40 random-looking bytes
const SECRET = `whsec_${KEY.toString("base64")}`;

function customerData(entity, versionMs, createdMs) {
  const p = entity.person;
  return {
    id: entity.externalId,
    object: "customer",
    created_at: new Date(createdMs).toISOString(),
    updated_at: new Date(versionMs).toISOString(),
    email: p.email,
    first_name: p.first,
    last_name: p.last,
    phone: p.phone,
    company: p.company,
    locale: "en-US",
    marketing_opt_in: entity.deliveries % 2 === 0,
    addresses: [{ type: "billing", line1: p.street, line2: p.street2, city: p.place.city, postal_code: p.place.zip, region: p.place.province_code, country: p.place.country_code },
      { type: "shipping", line1: p.street, line2: p.street2, city: p.place.city, postal_code: p.place.zip, region: p.place.province_code, country: p.place.country_code }],
    metadata: { crm_id: `crm-${entity.index}`, tier: entity.tier, source: "storefront", referral: null },
    stats: { orders: entity.deliveries, lifetime_value: money(entity.deliveries * 42.3), currency: "USD", last_order_at: new Date(versionMs).toISOString() },
    consents: [
      { channel: "email", purpose: "marketing", granted: entity.deliveries % 2 === 0, recorded_at: new Date(createdMs).toISOString(), source: "checkout" },
      { channel: "sms", purpose: "order_updates", granted: true, recorded_at: new Date(createdMs).toISOString(), source: "account_settings" },
    ],
    preferences: { language: "en", currency: "USD", newsletter_frequency: "weekly", categories: ["coffee", "equipment", "subscriptions"] },
    tags: ["storefront", entity.tier, "bench"],
    recent_orders: [1, 2, 3].map((k) => ({ id: `ord_${entity.customerToken}${k}`, number: `SO-${9000 + entity.index * 3 + k}`, total: money(20 + k * 13.5), status: "fulfilled", placed_at: new Date(createdMs + k * 86400000).toISOString() })),
    payment_methods: [{ type: "card", brand: "visa", last4: String(1000 + (entity.index % 9000)), exp: "12/29", default: true }],
  };
}

function orderData(entity, versionMs, createdMs) {
  const p = entity.person;
  const lines = entity.lines.map((l, i) => ({
    id: `li_${entity.token}_${i}`,
    sku: l.sku,
    name: l.name,
    description: `${l.name}, ${l.variant}. Ships in 2-3 business days from the central warehouse.`,
    quantity: l.quantity,
    unit_price: money(l.price),
    discount: "0.00",
    tax: money(l.price * l.quantity * 0.08),
    total: money(l.price * l.quantity * 1.08),
    attributes: { variant: l.variant, warehouse: "WH-1", fulfillment: "standard" },
  }));
  const subtotal = entity.lines.reduce((s, l) => s + l.price * l.quantity, 0);
  return {
    id: entity.externalId,
    object: "order",
    number: `SO-${10000 + entity.index}`,
    status: ["pending", "paid", "fulfilled"][Math.min(entity.deliveries, 2)],
    created_at: new Date(createdMs).toISOString(),
    updated_at: new Date(versionMs).toISOString(),
    currency: "USD",
    customer: { id: `cust_${entity.customerToken}`, email: p.email, name: `${p.first} ${p.last}`, phone: p.phone },
    billing_address: { name: `${p.first} ${p.last}`, line1: p.street, line2: p.street2, city: p.place.city, postal_code: p.place.zip, region: p.place.province_code, country: p.place.country_code },
    shipping_address: { name: `${p.first} ${p.last}`, line1: p.street, line2: p.street2, city: p.place.city, postal_code: p.place.zip, region: p.place.province_code, country: p.place.country_code },
    lines,
    totals: { subtotal: money(subtotal), tax: money(subtotal * 0.08), shipping: "6.50", total: money(subtotal * 1.08 + 6.5) },
    note: entity.note,
    channel: "web",
  };
}

// The source's routing (options.eventTypes): customers carry field mappings (written to Odoo);
// orders are routed as thin events (the generic provider cannot map order lines).
const CUSTOMER_ROUTE = {
  kind: "customer", idPath: "data.id", versionPath: "data.updated_at",
  fields: {
    email: "data.email", firstName: "data.first_name", lastName: "data.last_name", phone: "data.phone", company: "data.company",
    street: "data.addresses.0.line1", street2: "data.addresses.0.line2", city: "data.addresses.0.city", zip: "data.addresses.0.postal_code",
    stateCode: "data.addresses.0.region", countryCode: "data.addresses.0.country",
  },
};
const ORDER_ROUTE = { kind: "order", idPath: "data.id", versionPath: "data.updated_at" };

const TYPES = { customer: ["customer.created", "customer.updated"], order: ["order.created", "order.updated"] };

export default {
  id: "standard-webhooks",
  weight: 0.1,
  kinds: [["customer", 0.4], ["order", 0.6]],
  secret: SECRET,
  sourceOptions: [
    { eventTypes: { "customer.created": CUSTOMER_ROUTE, "customer.updated": CUSTOMER_ROUTE, "order.created": ORDER_ROUTE, "order.updated": ORDER_ROUTE } },
    {},
  ],

  newEntity(rng, index, kind) {
    const token = rng.alnum(16);
    const entity = { kind, index, token, externalId: `${kind === "order" ? "ord" : "cust"}_${token}`, deliveries: 0, person: person(rng, index) };
    entity.tier = rng.pick(["bronze", "silver", "gold"]);
    entity.customerToken = rng.alnum(16);
    entity.note = note(rng);
    if (kind === "order") {
      const count = rng.weighted([[2, 30], [3, 20], [4, 20], [7, 15], [12, 10], [20, 5]]);
      entity.lines = Array.from({ length: count }, (_, i) => ({
        sku: `GEN-${rng.int(100, 999)}-${i}`,
        name: rng.pick(["Espresso beans 1 kg", "Oat milk 6-pack", "Travel tumbler", "Grinder burr set", "Filter papers (200)"]),
        variant: rng.pick(["standard", "large", "eco refill"]),
        quantity: rng.int(1, 4),
        price: rng.int(4, 80) + 0.99,
      }));
    }
    return entity;
  },

  delivery({ entity, versionMs, rng, nowMs, createdAtMs }) {
    const type = TYPES[entity.kind][entity.deliveries === 0 ? 0 : 1];
    const data = entity.kind === "order" ? orderData(entity, versionMs, createdAtMs) : customerData(entity, versionMs, createdAtMs);
    const raw = JSON.stringify({ type, timestamp: new Date(versionMs).toISOString(), data });
    const id = `msg_${rng.alnum(27)}`;
    return { topic: type, deliveryId: id, body: raw, headers: this.sign(id, raw, nowMs) };
  },

  sign(id, raw, nowMs) {
    const ts = String(Math.floor(nowMs / 1000));
    const sig = createHmac("sha256", KEY).update(`${id}.${ts}.${raw}`, "utf8").digest("base64");
    return {
      "content-type": "application/json",
      "user-agent": "Svix-Webhooks/1.40",
      "webhook-id": id,
      "webhook-timestamp": ts,
      "webhook-signature": `v1,${sig}`,
    };
  },
};
