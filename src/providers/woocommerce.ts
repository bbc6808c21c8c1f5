/**
 * WooCommerce webhooks (core `WC_Webhook`, REST API v3 payloads).
 *
 * Sources:
 * - woocommerce/woocommerce `plugins/woocommerce/includes/class-wc-webhook.php`: `generate_signature()`
 *   = base64(hash_hmac('sha256', $payload, wp_specialchars_decode($secret, ENT_QUOTES), true));
 *   `build_payload()` sends only `{id}` for `*.deleted`; `deliver_ping()` posts the unsigned form body
 *   `webhook_id=<id>` on activation and requires exactly HTTP 200; `get_new_delivery_id()` =
 *   wp_hash(id . strtotime('now')), new for every delivery.
 * - WordPress `wp_specialchars_decode()` (formatting.php) for the secret decoding reproduced below.
 * - woocommerce/woocommerce-rest-api-docs `source/includes/wp-api-v3/_webhooks.md` (headers, topics)
 *   and `_orders.md` / `_products.md` / `_customers.md` (payload = the REST v3 resource).
 *
 * Signature: `X-WC-Webhook-Signature` = base64 HMAC-SHA256 of the raw body; no timestamp, so replay
 * protection is the dedup store plus the version guard. Core never retries a failed delivery.
 * Dedup: `X-WC-Webhook-Delivery-ID` changes with every delivery, so the key is derived:
 * `<X-WC-Webhook-ID>:<topic>:<resource id>:<version>`.
 * Version: `date_modified_gmt` (UTC without zone suffix: "Z" is appended). `*.deleted` payloads carry
 * only `{id}`: their version is the receipt time (a deletion comes after every modification) and
 * their data is a placeholder; only `externalId` and `action: "delete"` are meaningful.
 * Products: a simple product is one variant carrying the product's own id/sku/price; order lines of
 * a simple product reference that same variant id (`variation_id` 0 -> `product_id`). A variable
 * product's payload lists only variation ids (`variations: [..]`, no prices or SKUs), so the product
 * itself is kept as its single variant; variations reach Odoo through the order lines that sell them.
 * Currency: orders carry `currency`; products and customers do not (source option `currency`).
 */
import {
  CANONICAL_SCHEMA,
  isInstant,
  type Address,
  type CanonicalEvent,
  type CustomerData,
  type OrderData,
  type ProductData,
} from "../events/canonical";
import { decodeBase64, verifyHmac } from "./schemes/hmac";
import * as z from "zod";
import { MalformedPayloadError, parseJsonObject, type Provider } from "./provider";
import { instantText, minorUnits } from "./required-values";
import { woocommerceApi } from "./woocommerce-api";
import { array, fullName, idOf, num, object, objectsIn, quantity as quantityOf, text, type Json } from "./json-values";
import type { TopicTable } from "./topics";

const optionsSchema = z
  .object({
    /** The store currency (ISO 4217): product payloads carry prices without one. */
    currency: z.string().length(3).optional(),
  })
  .strict();
type WooCommerceOptions = z.infer<typeof optionsSchema>;

const RESOURCES = {
  order: "order",
  customer: "customer",
  product: "product",
} as const;
type Resource = keyof typeof RESOURCES;

/** `<resource>.<event>` -> canonical type suffix. `restored` carries the full resource again. */
const EVENTS: Record<string, "created" | "updated" | "deleted"> = {
  created: "created",
  updated: "updated",
  restored: "updated",
  deleted: "deleted",
};

/** Every `<resource>.<event>` topic (the `X-WC-Webhook-Topic` header): full resources. */
const TOPICS: TopicTable = Object.fromEntries(
  Object.entries(RESOURCES).flatMap(([resource, kind]) =>
    Object.entries(EVENTS).map(([event, suffix]) => [`${resource}.${event}`, { kind, type: `${kind}.${suffix}`, data: "full" as const }]),
  ),
);

const PING = /^webhook_id=\d+$/;

export const woocommerce: Provider<WooCommerceOptions> = {
  id: "woocommerce",
  optionsSchema,
  topics: TOPICS,
  topicHeader: "x-wc-webhook-topic",
  // A getter: woocommerce-api.ts normalizes with this module, so neither may read the other at load.
  get api() { return woocommerceApi; },

  /** The activation ping: unsigned, form body `webhook_id=<digits>`, must get exactly 200. */
  handshake(delivery) {
    if (delivery.method !== "POST" || delivery.headers.has("x-wc-webhook-signature")) return null;
    if (!PING.test(new TextDecoder().decode(delivery.body))) return null;
    return { status: 200, body: JSON.stringify({ status: "ok", reason: "WooCommerce webhook ping" }), contentType: "application/json" };
  },

  async verify(delivery, source) {
    const header = delivery.headers.get("x-wc-webhook-signature");
    if (!header) return { ok: false, reason: "missing X-WC-Webhook-Signature header" };
    const signature = decodeBase64(header);
    if (!signature) return { ok: false, reason: "X-WC-Webhook-Signature is not base64" };
    const secrets = source.secrets.map(wpSpecialcharsDecode);
    const ok = await verifyHmac({ secrets, hash: "SHA-256", signature, signed: delivery.body });
    return ok ? { ok: true } : { ok: false, reason: "signature does not match any active secret" };
  },

  normalize(delivery, source) {
    const topic = delivery.headers.get("x-wc-webhook-topic") ?? "";
    const webhookId = delivery.headers.get("x-wc-webhook-id") ?? "wc";
    const [resource = "", eventName = ""] = topic.split(".");
    const suffix = EVENTS[eventName];
    if (!Object.hasOwn(RESOURCES, resource) || !suffix) {
      return {
        outcome: "ignored",
        deliveryId: delivery.headers.get("x-wc-webhook-delivery-id"),
        topic,
        reason: `topic "${topic || "(none)"}" is not routed`,
      };
    }
    const kind = RESOURCES[resource as Resource];
    const body = parseJsonObject(delivery.body);
    const externalId = nonZeroId(body.id);
    if (!externalId) throw new MalformedPayloadError(`${topic} payload has no "id"`);

    const deleted = suffix === "deleted";
    const version = deleted ? delivery.receivedAt : gmtMillis(body.date_modified_gmt) ?? gmtMillis(body.date_created_gmt);
    if (version === null) throw new MalformedPayloadError(`${topic} payload has no valid "date_modified_gmt"`);

    const envelope = {
      schema: CANONICAL_SCHEMA,
      provider: "woocommerce",
      topic,
      type: `${kind}.${suffix}`,
      externalId,
      version,
      occurredAt: instantText(version, deleted ? "receipt time" : "date_modified_gmt"),
      action: deleted ? ("delete" as const) : ("upsert" as const),
    };
    const currency = source.options.currency?.toUpperCase() ?? null;
    let event: CanonicalEvent;
    if (kind === "customer") event = { ...envelope, kind, data: deleted ? emptyCustomer() : customerData(body) };
    else if (kind === "product") event = { ...envelope, kind, data: deleted ? deletedProduct() : productData(body, externalId, currency) };
    else event = { ...envelope, kind, data: deleted ? deletedOrder(externalId, currency) : orderData(body, currency, topic) };

    return { outcome: "events", events: [{ deliveryId: `${webhookId}:${topic}:${externalId}:${version}`, event }] };
  },
};

/**
 * WordPress `wp_specialchars_decode($text, ENT_QUOTES)`: WooCommerce signs with the secret after this
 * decoding, so a secret saved as `a&amp;b` signs as `a&b`. Zero-padded numeric entities are
 * normalised first, then one strtr pass (longest match, no re-scan of replaced text).
 */
export function wpSpecialcharsDecode(text: string): string {
  if (!text.includes("&")) return text;
  const normalised = text
    .replace(/&#0*39;/g, "&#039;")
    .replace(/&#x0*27;/gi, "&#x27;")
    .replace(/&#0*34;/g, "&#034;")
    .replace(/&#x0*22;/gi, "&#x22;")
    .replace(/&#0*60;/g, "&#060;")
    .replace(/&#0*62;/g, "&#062;")
    .replace(/&#0*38;/g, "&#038;")
    .replace(/&#x0*26;/gi, "&#x26;");
  return normalised.replace(WP_ENTITY_PATTERN, (entity) => WP_ENTITIES[entity] ?? entity);
}

const WP_ENTITIES: Record<string, string> = {
  "&#039;": "'",
  "&#x27;": "'",
  "&quot;": '"',
  "&#034;": '"',
  "&#x22;": '"',
  "&lt;": "<",
  "&#060;": "<",
  "&gt;": ">",
  "&#062;": ">",
  "&amp;": "&",
  "&#038;": "&",
  "&#x26;": "&",
};
const WP_ENTITY_PATTERN = new RegExp(
  Object.keys(WP_ENTITIES)
    .sort((a, b) => b.length - a.length)
    .join("|"), // entity names hold no regex metacharacters
  "g",
);

/** "2017-03-22T19:28:08" (GMT, no zone) -> epoch ms. */
function gmtMillis(value: unknown): number | null {
  const raw = text(value);
  if (!raw) return null;
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * An id as json-values `idOf` reads it, except that 0 is no id: WooCommerce writes 0 for "none"
 * (a guest checkout's customer_id, a simple product's variation_id).
 */
function nonZeroId(value: unknown): string | null {
  const id = idOf(value);
  return id === "0" ? null : id;
}

/** WooCommerce returns names HTML-escaped ("Ship Your Idea &ndash; Color: Black"). */
const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ndash: "\u2013", mdash: "\u2014",
  hellip: "\u2026", lsquo: "\u2018", rsquo: "\u2019", ldquo: "\u201c", rdquo: "\u201d", times: "\u00d7",
};
function htmlText(value: unknown): string | null {
  const raw = text(value);
  if (raw === null || !raw.includes("&")) return raw;
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/** Decimal amounts arrive as strings ("6.00") or numbers (line `price`: 3, 3.3333333). */
function money(value: unknown, currency: string | null, field: string): number {
  return minorUnits(typeof value === "number" ? value : text(value), currency, field);
}

function address(value: unknown): Address | null {
  const a = object(value);
  if (!a) return null;
  const result: Address = {
    name: fullName(text(a.first_name), text(a.last_name)),
    company: text(a.company),
    street: text(a.address_1),
    street2: text(a.address_2),
    city: text(a.city),
    zip: text(a.postcode),
    stateCode: text(a.state),
    countryCode: text(a.country),
    phone: text(a.phone),
  };
  // Virtual orders carry an all-empty shipping block: that is no address.
  return Object.values(result).some((v) => v !== null) ? result : null;
}

function customerData(c: Json): CustomerData {
  const billing = address(c.billing);
  const shipping = address(c.shipping);
  return {
    email: text(c.email) ?? text(object(c.billing)?.email),
    firstName: text(c.first_name) ?? text(object(c.billing)?.first_name),
    lastName: text(c.last_name) ?? text(object(c.billing)?.last_name),
    phone: billing?.phone ?? null,
    company: billing?.company ?? shipping?.company ?? null,
    address: billing ?? shipping,
  };
}

function emptyCustomer(): CustomerData {
  return { email: null, firstName: null, lastName: null, phone: null, company: null, address: null };
}

function productData(p: Json, externalId: string, currency: string | null): ProductData {
  const status = text(p.status);
  return {
    title: htmlText(p.name) ?? "(untitled product)",
    vendor: null,
    // WooCommerce's `type` (simple/variable/grouped/external) is structure, not a category: the
    // first category plays the part of Shopify's product_type.
    productType: htmlText(object(array(p.categories)[0])?.name),
    active: status !== "trash" && status !== "draft",
    // Simple products are their own single variant; so are variable ones (variations are not in
    // the payload, only their ids). Grouped/external products too: they have no variations.
    variants: [
      {
        externalId,
        sku: text(p.sku),
        barcode: text(p.global_unique_id),
        title: null,
        price: { amount: money(p.price ?? p.regular_price, currency, "price"), currency },
      },
    ],
  };
}

function deletedProduct(): ProductData {
  return { title: "(deleted product)", vendor: null, productType: null, active: false, variants: [] };
}

const PAID = new Set(["processing", "completed"]);

function orderData(o: Json, fallbackCurrency: string | null, topic: string): OrderData {
  const currency = (text(o.currency) ?? fallbackCurrency)?.toUpperCase();
  if (!currency) throw new MalformedPayloadError(`${topic} payload has no "currency" and the source has no currency option`);
  const billingBlock = object(o.billing);
  const billing = address(o.billing);
  const customerId = nonZeroId(o.customer_id);
  const status = text(o.status);
  const lines = objectsIn(o.line_items);
  return {
    name: `#${text(o.number) ?? nonZeroId(o.id)}`,
    currency,
    email: text(billingBlock?.email),
    // customer_id 0 is a guest checkout: no customer entity, the writer makes a guest contact.
    customer: customerId
      ? {
          externalId: customerId,
          email: text(billingBlock?.email),
          firstName: text(billingBlock?.first_name),
          lastName: text(billingBlock?.last_name),
          phone: billing?.phone ?? null,
          company: billing?.company ?? null,
          address: billing,
        }
      : null,
    billingAddress: billing,
    shippingAddress: address(o.shipping),
    lines: lines.map((l, index) => {
      const quantity = quantityOf(l.quantity);
      // subtotal = before discounts, total = after: the difference is the line's discount. The
      // unit price is taken before discounts (the REST `price` is total / quantity, after them).
      const subtotal = money(l.subtotal, currency, "line_items.subtotal");
      const total = money(l.total, currency, "line_items.total");
      const unit = quantity > 0 ? Math.round(subtotal / quantity) : money(l.price, currency, "line_items.price");
      const productId = nonZeroId(l.product_id);
      return {
        externalId: nonZeroId(l.id) ?? String(index),
        productExternalId: productId,
        variantExternalId: nonZeroId(l.variation_id) ?? productId,
        sku: text(l.sku),
        title: htmlText(l.name) ?? "(line)",
        quantity,
        unitPrice: { amount: unit, currency },
        discount: { amount: Math.max(0, subtotal - total), currency },
      };
    }),
    shipping: objectsIn(o.shipping_lines).map((line) => ({
      title: htmlText(line.method_title) ?? "Shipping",
      price: { amount: money(line.total, currency, "shipping_lines.total"), currency },
    })),
    total: { amount: money(o.total, currency, "total"), currency },
    financialStatus:
      status === "refunded" ? "refunded" : status === "failed" ? "failed" : PAID.has(status ?? "") || text(o.date_paid_gmt) ? "paid" : "pending",
    cancelledAt: status === "cancelled" ? isoOf(o.date_modified_gmt) : null,
    createdAt: isoOf(o.date_created_gmt),
    note: text(o.customer_note),
  };
}

function deletedOrder(externalId: string, currency: string | null): OrderData {
  return {
    name: `#${externalId}`,
    currency: currency ?? "XXX",
    email: null,
    customer: null,
    billingAddress: null,
    shippingAddress: null,
    lines: [],
    total: { amount: 0, currency },
    financialStatus: null,
    cancelledAt: null,
    createdAt: null,
    note: null,
  };
}

function isoOf(value: unknown): string | null {
  const ms = gmtMillis(value);
  return ms === null || !isInstant(ms) ? null : new Date(ms).toISOString();
}
