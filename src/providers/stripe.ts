/**
 * Stripe webhooks (https://docs.stripe.com/webhooks#verify-manually, checked against
 * `stripe@23.1.0` esm/Webhooks.js: parseHeader, makeHMACContent, validateComputedSignature).
 *
 * Signature: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]`; each `v1` is
 * hex HMAC-SHA256 over `${t}.${raw body}` keyed with the WHOLE endpoint secret, `whsec_` prefix
 * included, as UTF-8 (not base64-decoded). Any `v1` may match (Stripe sends one per secret while a
 * rolled secret is still signing); `v0` is ignored, as in the SDK. Replay: the SDK rejects only
 * timestamps OLDER than the tolerance (default 300 s, 0 disables), comparing whole seconds; so do
 * we (`toleranceSeconds`).
 *
 * Dedup id: the event `id` (`evt_...`): retries resend the same event. Entity: `data.object.id`.
 * Version: the event `created` (unix SECONDS) in ms, plus a lifecycle rank in the millisecond
 * digits: *.created = 0, other changes = 1, terminal events (*.deleted, invoice.paid,
 * payment_intent.succeeded) = 2. Several events for one object often share a second (a customer
 * created then updated by one API call); the rank orders those correctly, because a creation
 * always precedes an update and nothing follows a deletion or a payment. Two UPDATES of one object
 * within the same second remain unordered: Stripe gives no sub-second time or sequence (many
 * objects have no `updated` field), so the later-received one is recorded "stale" and the object
 * keeps the first one's snapshot until its next change. Stripe's own advice when order matters is
 * to re-fetch the object.
 *
 * Thin events (`object: "v2.core.event"`, https://docs.stripe.com/event-destinations) carry only
 * `related_object {id, type}` and an ISO `created` with milliseconds: they become thin canonical
 * events for the object types below, and are ignored for the others (meters, v2 accounts...).
 *
 * Money: Stripe amounts are integers in Stripe's minor unit, which is not always ISO 4217's
 * (https://docs.stripe.com/currencies#zero-decimal and #special-cases): ISK is two-decimal in the
 * API though zero-decimal in ISO ("an ISK amount of 100 represents 1 króna", Stripe support);
 * MGA is zero-decimal in Stripe. Amounts are rescaled to the canonical exponent.
 */
import * as z from "zod";
import {
  CANONICAL_SCHEMA,
  currencyExponent,
  type Address,
  type CanonicalEvent,
  type CustomerData,
  type InvoiceData,
  type Money,
  type PaymentData,
  type ProductData,
  type RefundData,
} from "../events/canonical";
import { concatBytes, decodeHex, verifyHmac } from "./schemes/hmac";
import { DEFAULT_TOLERANCE_SECONDS, checkTimestamp } from "./schemes/timestamp";
import { MalformedPayloadError, parseJsonObject, type NormalizedEvent, type Provider } from "./provider";
import { instantText } from "./required-values";
import { isDeclared, type TopicTable } from "./topics";
import { stripeApi } from "./stripe-api";
import { array, entityRef, idOf, isoMillis, num, object, objectsIn, text, type Json } from "./json-values";

const optionsSchema = z
  .object({
    /** Maximum age of the signed timestamp, seconds; 0 disables the check (as the SDK's tolerance). */
    toleranceSeconds: z.number().int().min(0).default(DEFAULT_TOLERANCE_SECONDS),
  })
  .strict();
type StripeOptions = z.infer<typeof optionsSchema>;

/**
 * Stripe event type -> canonical kind, type and data. Types not listed are acknowledged and ignored.
 * Thin events are declared by pattern `v1.<related_object.type>.*` (their kind comes from the
 * related object, their type from the event's last segment).
 */
const TOPICS = {
  "customer.created": { kind: "customer", type: "customer.created", data: "full" },
  "customer.updated": { kind: "customer", type: "customer.updated", data: "full" },
  "customer.deleted": { kind: "customer", type: "customer.deleted", data: "full" },
  "payment_intent.succeeded": { kind: "payment", type: "payment.succeeded", data: "full" },
  "charge.refunded": { kind: "refund", type: "refund.created", data: "full" },
  "invoice.paid": { kind: "invoice", type: "invoice.paid", data: "full" },
  "invoice.payment_failed": { kind: "invoice", type: "invoice.payment_failed", data: "full" },
  "product.created": { kind: "product", type: "product.created", data: "full" },
  "product.updated": { kind: "product", type: "product.updated", data: "full" },
  "product.deleted": { kind: "product", type: "product.deleted", data: "full" },
  "v1.customer.*": { kind: "customer", type: "customer.{operation}", data: "thin" },
  "v1.product.*": { kind: "product", type: "product.{operation}", data: "thin" },
  "v1.invoice.*": { kind: "invoice", type: "invoice.{operation}", data: "thin" },
  "v1.payment_intent.*": { kind: "payment", type: "payment.{operation}", data: "thin" },
  "v1.refund.*": { kind: "refund", type: "refund.{operation}", data: "thin" },
} as const satisfies TopicTable;

/** The topic a thin event about a `related_object.type` is declared under. */
export const thinTopic = (relatedType: string) => `v1.${relatedType}.*`;

/** Orders events of one object within one second (see the header). */
function lifecycleRank(type: string): number {
  if (type.endsWith(".created")) return 0;
  if (type.endsWith(".deleted") || type === "invoice.paid" || type === "payment_intent.succeeded") return 2;
  return 1;
}

/** `t` and the `v1` signatures of a Stripe-Signature header, as the SDK's parseHeader reads them. */
function parseSignatureHeader(header: string): { timestamp: string | null; signatures: string[] } {
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const item of header.split(",")) {
    const eq = item.indexOf("=");
    if (eq < 0) continue;
    const [key, value] = [item.slice(0, eq).trim(), item.slice(eq + 1).trim()];
    if (key === "t") timestamp = value;
    else if (key === "v1") signatures.push(value);
  }
  return { timestamp, signatures };
}

export const stripe: Provider<StripeOptions> = {
  id: "stripe",
  optionsSchema,
  topics: TOPICS,
  // A getter: stripe-api.ts normalizes fetched objects with this module's code, so the two modules
  // import each other and `stripeApi` may not be initialized yet when this object is built.
  get api() {
    return stripeApi;
  },

  async verify(delivery, source) {
    const header = delivery.headers.get("stripe-signature");
    if (!header) return { ok: false, reason: "missing Stripe-Signature header" };
    const { timestamp, signatures } = parseSignatureHeader(header);
    if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: "Stripe-Signature has no t=<unix seconds>" };
    if (signatures.length === 0) return { ok: false, reason: "Stripe-Signature has no v1 signature" };
    const t = Number(timestamp);
    const fresh = checkTimestamp({
      signedAtMs: t * 1000,
      // The SDK compares whole seconds: floor(receivedAt / 1000) - t > tolerance.
      receivedAtMs: Math.floor(delivery.receivedAt / 1000) * 1000,
      toleranceSeconds: source.options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      rejectFuture: false,
    });
    if (!fresh.ok) return fresh;
    const signed = concatBytes(`${t}.`, delivery.body);
    for (const hex of signatures) {
      const signature = decodeHex(hex);
      if (!signature || signature.byteLength !== 32) continue;
      if (await verifyHmac({ secrets: source.secrets, hash: "SHA-256", signature, signed })) return { ok: true };
    }
    return { ok: false, reason: "no v1 signature matches any active secret" };
  },

  normalize(delivery) {
    const body = parseJsonObject(delivery.body);
    const eventId = idOf(body.id);
    const type = text(body.type) ?? "";
    if (!eventId) throw new MalformedPayloadError('Stripe event has no "id"');
    if (body.object === "v2.core.event") return thinEvent(body, eventId, type);
    if (!isDeclared(TOPICS, type) || TOPICS[type].data === "thin") {
      return { outcome: "ignored", deliveryId: eventId, topic: type, reason: `Stripe event "${type || "(none)"}" is not routed` };
    }

    const created = body.created;
    if (typeof created !== "number" || !Number.isSafeInteger(created)) {
      throw new MalformedPayloadError(`${type} event has no integer "created"`);
    }
    const dataObject = object(object(body.data)?.object);
    const objectId = dataObject ? idOf(dataObject.id) : null;
    if (!dataObject || !objectId) throw new MalformedPayloadError(`${type} event has no data.object.id`);

    const { kind, type: canonicalType } = TOPICS[type];
    const version = created * 1000 + lifecycleRank(type);
    const envelope = {
      schema: CANONICAL_SCHEMA,
      provider: "stripe",
      topic: type,
      type: canonicalType,
      externalId: objectId,
      version,
      occurredAt: instantText(created * 1000, "created"),
      action: type.endsWith(".deleted") ? ("delete" as const) : ("upsert" as const),
    };

    if (kind === "refund") {
      const refunds = refundsOf(dataObject, objectId);
      // One refund entity per refund listed on the charge (API versions before 2022-11-15 embed
      // them); otherwise the charge's cumulative refund, keyed by the charge id.
      return {
        outcome: "events",
        events: refunds.map(({ externalId, data }) => ({
          deliveryId: refunds.length > 1 || externalId !== objectId ? `${eventId}:${externalId}` : eventId,
          event: { ...envelope, kind, externalId, data },
        })),
      };
    }
    let event: CanonicalEvent;
    if (kind === "customer") event = { ...envelope, kind, data: customerData(dataObject) };
    else if (kind === "product") event = { ...envelope, kind, data: productData(dataObject) };
    else if (kind === "payment") event = { ...envelope, kind, data: paymentData(dataObject) };
    else event = { ...envelope, kind, data: invoiceData(dataObject) };
    const events: NormalizedEvent[] = [{ deliveryId: eventId, event }];
    return { outcome: "events", events };
  },
};

function thinEvent(body: Json, eventId: string, type: string) {
  const related = object(body.related_object);
  const relatedType = related ? text(related.type) : null;
  const relatedId = related ? idOf(related.id) : null;
  const topic = relatedType ? thinTopic(relatedType) : "";
  const kind = isDeclared(TOPICS, topic) ? TOPICS[topic].kind : undefined;
  if (!related || !relatedType || !relatedId || !kind) {
    const about = relatedType ? `about a ${relatedType}` : "without a related object";
    return { outcome: "ignored" as const, deliveryId: eventId, topic: type, reason: `Stripe thin event "${type}" ${about} is not routed` };
  }
  const version = isoMillis(body.created);
  if (version === null) throw new MalformedPayloadError(`thin event ${type} has no valid "created"`);
  const operation = type.split(".").pop() ?? type;
  const event: CanonicalEvent = {
    schema: CANONICAL_SCHEMA,
    provider: "stripe",
    topic: type,
    type: `${kind}.${operation}`,
    kind,
    externalId: relatedId,
    version,
    occurredAt: instantText(version, "created"),
    action: operation === "deleted" ? "delete" : "upsert",
    data: { thin: true, operation, resource: relatedType },
  } as CanonicalEvent;
  return { outcome: "events" as const, events: [{ deliveryId: eventId, event }] };
}

/** A reference that Stripe gives as an id or, when expanded, as the object. */
function ref(kind: string, value: unknown): { kind: string; externalId: string } | null {
  return entityRef(kind, idOf(value) ?? idOf(object(value)?.id));
}

function iso(unixSeconds: unknown, field: string): string | null {
  return typeof unixSeconds === "number" ? instantText(unixSeconds * 1000, field) : null;
}

/** Stripe's zero-decimal currencies (https://docs.stripe.com/currencies#zero-decimal). */
const STRIPE_ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
]);
/** Stripe's three-decimal currencies (amounts end in 0). */
const STRIPE_THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

function currencyOf(value: unknown): string | null {
  return typeof value === "string" && /^[a-zA-Z]{3}$/.test(value) ? value.toUpperCase() : null;
}

/** A Stripe integer amount (Stripe's minor unit) as canonical money (ISO minor unit). */
export function stripeMoney(amount: unknown, currencyValue: unknown): Money {
  const currency = currencyOf(currencyValue);
  const raw = typeof amount === "number" ? amount : typeof amount === "string" ? Number(amount) : 0;
  const value = Number.isFinite(raw) ? Math.round(raw) : 0;
  if (!currency) return { amount: value, currency: null };
  const stripeExponent = STRIPE_ZERO_DECIMAL.has(currency) ? 0 : STRIPE_THREE_DECIMAL.has(currency) ? 3 : 2;
  const shift = currencyExponent(currency) - stripeExponent;
  const scaled = shift >= 0 ? value * 10 ** shift : Math.round(value / 10 ** -shift);
  return { amount: scaled, currency };
}

function addressOf(value: unknown, name: string | null, company: string | null, phone: string | null): Address | null {
  const a = object(value);
  if (!a) return null;
  const parts = ["line1", "line2", "city", "postal_code", "state", "country"].map((k) => text(a[k]));
  if (parts.every((p) => p === null)) return null;
  return {
    name,
    company,
    street: text(a.line1),
    street2: text(a.line2),
    city: text(a.city),
    zip: text(a.postal_code),
    stateCode: text(a.state),
    countryCode: text(a.country)?.toUpperCase() ?? null,
    phone,
  };
}

/**
 * Stripe has one `name` ("full name or business name"), no first/last split: it goes whole into
 * `lastName` (Odoo joins first and last name anyway). `business_name` (newer API versions) is the
 * company.
 */
export function customerData(c: Json): CustomerData {
  const name = text(c.individual_name) ?? text(c.name);
  const company = text(c.business_name);
  const phone = text(c.phone);
  const shipping = object(c.shipping);
  const address =
    addressOf(c.address, name, company, phone) ??
    (shipping ? addressOf(shipping.address, text(shipping.name) ?? name, company, text(shipping.phone) ?? phone) : null);
  return { email: text(c.email), firstName: null, lastName: name, phone, company, address };
}

/** One variant per product, keyed by the product id; priced from `default_price` when expanded. */
export function productData(p: Json): ProductData {
  const price = object(p.default_price);
  const money: Money = price
    ? stripeMoney(price.unit_amount ?? (text(price.unit_amount_decimal) ? Number(price.unit_amount_decimal) : 0), price.currency)
    : { amount: 0, currency: null };
  return {
    title: text(p.name) ?? "(untitled product)",
    vendor: null,
    productType: text(p.type),
    active: p.active !== false,
    variants: [{ externalId: idOf(p.id) ?? "", sku: null, barcode: null, title: null, price: money }],
  };
}

export function paymentData(pi: Json): PaymentData {
  const charge = object(pi.latest_charge);
  const methodTypes = array(pi.payment_method_types);
  const method =
    text(object(charge?.payment_method_details)?.type) ?? (methodTypes.length === 1 ? text(methodTypes[0]) : null);
  const received = typeof pi.amount_received === "number" && pi.amount_received > 0 ? pi.amount_received : pi.amount;
  return {
    amount: stripeMoney(received, pi.currency),
    status: text(pi.status) ?? "succeeded",
    order: null,
    invoice: ref("invoice", pi.invoice),
    customer: ref("customer", pi.customer),
    method,
    reference: idOf(pi.latest_charge) ?? idOf(charge?.id) ?? null,
  };
}

export function refundsOf(charge: Json, chargeId: string): { externalId: string; data: RefundData }[] {
  const payment = ref("payment", charge.payment_intent) ?? { kind: "payment", externalId: chargeId };
  const refunds = objectsIn(object(charge.refunds)?.data).filter((r) => idOf(r.id) !== null);
  if (refunds.length > 0) {
    return refunds.map((r) => ({
      externalId: idOf(r.id)!,
      data: {
        amount: stripeMoney(r.amount, r.currency ?? charge.currency),
        status: text(r.status),
        order: null,
        payment,
        reason: text(r.reason),
      },
    }));
  }
  return [
    {
      externalId: chargeId,
      data: {
        amount: stripeMoney(charge.amount_refunded, charge.currency),
        status: charge.refunded === true ? "refunded" : "partially_refunded",
        order: null,
        payment,
        reason: null,
      },
    },
  ];
}

export function invoiceData(inv: Json): InvoiceData {
  const currency = currencyOf(inv.currency);
  const lines = objectsIn(object(inv.lines)?.data);
  const transitions = object(inv.status_transitions);
  return {
    number: text(inv.number),
    status: text(inv.status),
    customer: ref("customer", inv.customer),
    currency,
    lines: lines.map((l) => {
      const quantity = num(l.quantity) ?? 1;
      const unitDecimal =
        text(object(l.price)?.unit_amount_decimal) ?? text(object(l.pricing)?.unit_amount_decimal) ?? null;
      const unit =
        typeof object(l.price)?.unit_amount === "number"
          ? (object(l.price)!.unit_amount as number)
          : unitDecimal !== null
            ? Number(unitDecimal)
            : typeof l.amount === "number"
              ? l.amount / (quantity || 1)
              : 0;
      return {
        description: text(l.description) ?? "(line)",
        sku: null,
        quantity,
        unitPrice: stripeMoney(unit, l.currency ?? inv.currency),
      };
    }),
    total: typeof inv.total === "number" ? stripeMoney(inv.total, inv.currency) : null,
    amountDue: typeof inv.amount_due === "number" ? stripeMoney(inv.amount_due, inv.currency) : null,
    issuedAt: iso(transitions?.finalized_at, "status_transitions.finalized_at") ?? iso(inv.effective_at, "effective_at"),
    dueAt: iso(inv.due_date, "due_date"),
  };
}
