/**
 * Shopify webhooks (https://shopify.dev/docs/apps/build/webhooks).
 * Signature: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(app client secret, raw body)). No signed
 * timestamp. Dedup id: `X-Shopify-Webhook-Id` (same across retries of one delivery). Ordering: the
 * resource's `updated_at`. After a secret rotation Shopify may sign with the old secret for up to
 * an hour, so both stay configured on the source until then.
 */
import {
  CANONICAL_SCHEMA,
  type Address,
  type CanonicalEvent,
  type CustomerData,
  type PaymentData,
} from "../events/canonical";
import { hmacOverBody } from "./schemes/hmac-header";
import * as z from "zod";
import { shopifyApi } from "./shopify-api";
import { MalformedPayloadError, parseJsonObject, type Provider } from "./provider";
import { instantText, minorUnits } from "./required-values";
import { isDeclared, type TopicTable } from "./topics";
import { entityRef, fullName, idOf, isoMillis, num, object, objectsIn, quantity, text, type Json } from "./json-values";

const optionsSchema = z
  .object({
    /** The shop currency: product payloads carry prices without one. */
    currency: z.string().length(3).optional(),
  })
  .strict();
type ShopifyOptions = z.infer<typeof optionsSchema>;

/** Shopify topic -> canonical kind and type. Topics not listed are acknowledged and ignored. */
const TOPICS = {
  "orders/create": { kind: "order", type: "order.created", data: "full" },
  "orders/updated": { kind: "order", type: "order.updated", data: "full" },
  "orders/paid": { kind: "order", type: "order.paid", data: "full" },
  "orders/cancelled": { kind: "order", type: "order.cancelled", data: "full" },
  "refunds/create": { kind: "refund", type: "refund.created", data: "full" },
  "order_transactions/create": { kind: "payment", type: "payment.created", data: "full" },
  "inventory_levels/update": { kind: "inventory", type: "inventory.updated", data: "full" },
  "customers/create": { kind: "customer", type: "customer.created", data: "full" },
  "customers/update": { kind: "customer", type: "customer.updated", data: "full" },
  "products/create": { kind: "product", type: "product.created", data: "full" },
  "products/update": { kind: "product", type: "product.updated", data: "full" },
} as const satisfies TopicTable;

export const shopify: Provider<ShopifyOptions> = {
  id: "shopify",
  optionsSchema,
  topics: TOPICS,
  topicHeader: "x-shopify-topic",
  api: shopifyApi,

  verify: hmacOverBody({ header: "X-Shopify-Hmac-Sha256", hash: "SHA-256", encoding: "base64" }),

  normalize(delivery, source) {
    const topic = delivery.headers.get("x-shopify-topic") ?? "";
    const webhookId = delivery.headers.get("x-shopify-webhook-id");
    if (!isDeclared(TOPICS, topic)) {
      return { outcome: "ignored", deliveryId: webhookId, topic, reason: `topic "${topic || "(none)"}" is not routed` };
    }
    const body = parseJsonObject(delivery.body);
    // Inventory levels have no id of their own: the entity is the item at a location.
    const externalId =
      topic === "inventory_levels/update"
        ? [idOf(body.inventory_item_id), idOf(body.location_id)].every(Boolean)
          ? `${idOf(body.inventory_item_id)}@${idOf(body.location_id)}`
          : null
        : idOf(body.id);
    if (!externalId) throw new MalformedPayloadError(`${topic} payload has no "id"`);
    // Refunds never change after creation: their creation time orders them.
    const updatedAt =
      text(body.updated_at) ?? text(body.processed_at) ?? text(body.created_at) ?? delivery.headers.get("x-shopify-triggered-at");
    const version = isoMillis(updatedAt);
    if (version === null) throw new MalformedPayloadError(`${topic} payload has no valid "updated_at"`);

    const { kind, type } = TOPICS[topic];
    const envelope = {
      schema: CANONICAL_SCHEMA,
      provider: "shopify",
      topic,
      type,
      externalId,
      version,
      occurredAt: instantText(version, "updated_at"),
    };
    let event: CanonicalEvent;
    if (kind === "customer") event = { ...envelope, kind, data: customerData(body) };
    else if (kind === "product") event = { ...envelope, kind, data: productData(body, source.options) };
    else if (kind === "refund") event = { ...envelope, kind, data: refundData(body) };
    else if (kind === "payment") {
      // Refund transactions are written from refunds/create, which says what was refunded.
      if (text(body.kind) === "refund") {
        return { outcome: "ignored", deliveryId: webhookId, topic, reason: "refund transactions are written from refunds/create" };
      }
      event = { ...envelope, kind, data: transactionData(body) };
    }
    else if (kind === "inventory") event = { ...envelope, kind, data: inventoryData(body) };
    else event = { ...envelope, kind, data: orderData(body) };

    // Without the header (it is always sent today) the delivery id is derived from the content,
    // which still dedupes retries of the same version.
    const deliveryId = webhookId ?? `${topic}:${externalId}:${version}`;
    return { outcome: "events", events: [{ deliveryId, event }] };
  },
};

function address(value: unknown): Address | null {
  const a = object(value);
  if (!a) return null;
  return {
    name: text(a.name) ?? fullName(text(a.first_name), text(a.last_name)),
    company: text(a.company),
    street: text(a.address1),
    street2: text(a.address2),
    city: text(a.city),
    zip: text(a.zip),
    stateCode: text(a.province_code),
    countryCode: text(a.country_code),
    phone: text(a.phone),
  };
}

function customerData(c: Json): CustomerData {
  const defaultAddress = address(c.default_address);
  return {
    email: text(c.email),
    firstName: text(c.first_name),
    lastName: text(c.last_name),
    phone: text(c.phone) ?? defaultAddress?.phone ?? null,
    company: defaultAddress?.company ?? null,
    address: defaultAddress,
    ...marketingConsentOf(c.email_marketing_consent),
  };
}

const CONSENT_STATES = new Set(["subscribed", "unsubscribed", "not_subscribed", "pending"]);

/**
 * `email_marketing_consent: {state, opt_in_level, consent_updated_at}` of a customer payload
 * (customers/create, customers/update, customers/marketing_consent_update), when present.
 */
function marketingConsentOf(value: unknown): Pick<CustomerData, "marketingConsent"> {
  const consent = object(value);
  const state = text(consent?.state)?.toLowerCase();
  if (!consent || !state) return {};
  return {
    marketingConsent: {
      state: CONSENT_STATES.has(state) ? (state as "subscribed") : "other",
      updatedAt: text(consent.consent_updated_at),
    },
  };
}

function productData(p: Json, options: ShopifyOptions) {
  // Product payloads carry no currency: prices are in the shop's currency (source option).
  const currency = options.currency?.toUpperCase() ?? null;
  const variants = objectsIn(p.variants);
  return {
    title: text(p.title) ?? "(untitled product)",
    vendor: text(p.vendor),
    productType: text(p.product_type),
    active: text(p.status) !== "archived",
    variants: variants.map((v) => ({
      externalId: idOf(v.id) ?? "",
      sku: text(v.sku),
      barcode: text(v.barcode),
      title: text(v.title),
      price: { amount: minorUnits(text(v.price), currency, "variants.price"), currency },
    })).filter((v) => v.externalId !== ""),
  };
}

function orderData(o: Json) {
  const currency = (text(o.currency) ?? "USD").toUpperCase();
  const customer = object(o.customer);
  const customerId = customer ? idOf(customer.id) : null;
  const lines = objectsIn(o.line_items);
  return {
    name: text(o.name) ?? `#${idOf(o.order_number) ?? idOf(o.id)}`,
    currency,
    email: text(o.email) ?? text(o.contact_email),
    customer: customer && customerId ? { externalId: customerId, ...customerData(customer) } : null,
    billingAddress: address(o.billing_address),
    shippingAddress: address(o.shipping_address),
    lines: lines.map((l, index) => ({
      externalId: idOf(l.id) ?? String(index),
      productExternalId: idOf(l.product_id),
      variantExternalId: idOf(l.variant_id),
      sku: text(l.sku),
      title: text(l.name) ?? text(l.title) ?? "(line)",
      quantity: quantity(l.quantity),
      unitPrice: { amount: minorUnits(text(l.price), currency, "line_items.price"), currency },
      discount: { amount: minorUnits(text(l.total_discount), currency, "line_items.total_discount"), currency },
    })),
    shipping: objectsIn(o.shipping_lines).map((line) => ({
      title: text(line.title) ?? "Shipping",
      price: { amount: minorUnits(text(line.discounted_price) ?? text(line.price), currency, "shipping_lines.price"), currency },
    })),
    total: { amount: minorUnits(text(o.total_price), currency, "total_price"), currency },
    financialStatus: text(o.financial_status),
    cancelledAt: text(o.cancelled_at),
    createdAt: text(o.created_at),
    note: text(o.note),
  };
}

function refundData(r: Json) {
  const transactions = objectsIn(r.transactions);
  const refunded = transactions.filter((t) => text(t.kind) === "refund" && text(t.status) !== "failure");
  const currency = (text(refunded[0]?.currency) ?? text(refunded[0]?.currency_code))?.toUpperCase() ?? null;
  const amount = refunded.reduce((sum, t) => sum + minorUnits(text(t.amount), currency, "transactions.amount"), 0);
  return {
    amount: { amount, currency },
    status: refunded.length ? "succeeded" : null,
    order: entityRef("order", idOf(r.order_id)),
    payment: entityRef("payment", refunded[0] ? idOf(refunded[0].parent_id) : null),
    reason: text(r.note),
  };
}

/** Shopify transaction status -> canonical payment status (kind sale/capture moves money). */
const TRANSACTION_STATUS: Record<string, string> = { success: "succeeded", pending: "pending", failure: "failed", error: "failed" };

function transactionData(t: Json): PaymentData {
  const currency = (text(t.currency) ?? text(t.currency_code))?.toUpperCase() ?? null;
  const kind = text(t.kind);
  const status = text(t.status) ?? "";
  return {
    amount: { amount: minorUnits(text(t.amount), currency, "amount"), currency },
    // An authorization or a void moves no money: only sales and captures are payments received.
    status: kind === "sale" || kind === "capture" ? (TRANSACTION_STATUS[status] ?? status) : kind === "void" ? "canceled" : "authorized",
    order: entityRef("order", idOf(t.order_id)),
    invoice: null,
    customer: null,
    method: text(t.gateway),
    reference: text(t.authorization) ?? idOf(t.id),
  };
}

function inventoryData(level: Json) {
  return {
    sku: null,
    inventoryItemId: idOf(level.inventory_item_id),
    locationId: idOf(level.location_id),
    available: num(level.available),
  };
}
