/**
 * Square webhooks (developer.squareup.com/docs/webhooks).
 *
 * Sources:
 * - `square@46.0.0` wrapper/WebhooksHelper.js `verifySignature({requestBody, signatureHeader,
 *   signatureKey, notificationUrl})`: base64(HMAC-SHA256(signature key, notificationUrl + body)).
 * - developer.squareup.com "Validate notifications" (step3validate) and "Subscribe to event
 *   notifications" (headers; `event_id` is the idempotency value, retried deliveries keep it).
 * - square/connect-api-specification `api.json` webhook examples (PaymentCreatedEvent,
 *   RefundUpdatedEvent, OrderUpdatedEvent, CustomerDeletedEvent, ...): envelope
 *   `{merchant_id, type, event_id, created_at, data: {type, id, object: {<data.type>: {...}}}}`.
 *
 * Signature: `x-square-hmacsha256-signature`; the signed URL is the source option `publicUrl`, the
 * notification URL exactly as registered on the subscription, never the Host header. No timestamp
 * is signed (replay protection: dedup on `event_id` + the version guard).
 * Entity: `data.id`. Version: `data.object.<data.type>.version` (Square's per-object counter) when
 * present, else its `updated_at`, else `created_at`, else the event's `created_at`.
 * Amounts are already integer minor units (`{amount, currency}`).
 * Orders: `order.created` / `order.updated` carry only `order_created` / `order_updated`
 * ({order_id, state, version}): they are thin order events (fetch needed).
 */
import {
  CANONICAL_SCHEMA,
  type Address,
  type CanonicalEvent,
  type CustomerData,
  type Money,
  type PaymentData,
  type RefundData,
} from "../events/canonical";
import { concatBytes, decodeBase64, verifyHmac } from "./schemes/hmac";
import * as z from "zod";
import { squareApi } from "./square-api";
import { MalformedPayloadError, parseJsonObject, type Provider } from "./provider";
import { instantText } from "./required-values";
import { entityRef, fullName, idOf, isoMillis, num, object, text, type Json } from "./json-values";
import { isDeclared, type TopicTable } from "./topics";

const optionsSchema = z
  .object({
    /** The notification URL exactly as registered on the Square subscription (it is signed). */
    publicUrl: z.url({ protocol: /^https?$/ }),
  })
  .strict();
type SquareOptions = z.infer<typeof optionsSchema>;

const TOPICS = {
  "payment.created": { kind: "payment", type: "payment.created", data: "full", action: "upsert" },
  "payment.updated": { kind: "payment", type: "payment.updated", data: "full", action: "upsert" },
  "refund.created": { kind: "refund", type: "refund.created", data: "full", action: "upsert" },
  "refund.updated": { kind: "refund", type: "refund.updated", data: "full", action: "upsert" },
  "order.created": { kind: "order", type: "order.created", data: "thin", action: "upsert", resource: "order" },
  "order.updated": { kind: "order", type: "order.updated", data: "thin", action: "upsert", resource: "order" },
  "customer.created": { kind: "customer", type: "customer.created", data: "full", action: "upsert" },
  "customer.updated": { kind: "customer", type: "customer.updated", data: "full", action: "upsert" },
  "customer.deleted": { kind: "customer", type: "customer.deleted", data: "full", action: "delete" },
} as const satisfies TopicTable;

export const square: Provider<SquareOptions> = {
  id: "square",
  optionsSchema,
  topics: TOPICS,
  api: squareApi,

  async verify(delivery, source) {
    const header = delivery.headers.get("x-square-hmacsha256-signature");
    if (!header) return { ok: false, reason: "missing x-square-hmacsha256-signature header" };
    const signature = decodeBase64(header);
    if (!signature) return { ok: false, reason: "x-square-hmacsha256-signature is not base64" };
    const signed = concatBytes(source.options.publicUrl, delivery.body);
    const ok = await verifyHmac({ secrets: source.secrets, hash: "SHA-256", signature, signed });
    return ok
      ? { ok: true }
      : { ok: false, reason: "signature does not match any active signature key for the configured publicUrl" };
  },

  normalize(delivery) {
    const body = parseJsonObject(delivery.body);
    const type = text(body.type) ?? "";
    const eventId = text(body.event_id);
    if (!isDeclared(TOPICS, type)) {
      return { outcome: "ignored", deliveryId: eventId, topic: type || "(none)", reason: `event type "${type || "(none)"}" is not routed` };
    }
    if (!eventId) throw new MalformedPayloadError(`${type} event has no "event_id"`);
    const data = object(body.data);
    const externalId = idOf(data?.id);
    if (!data || !externalId) throw new MalformedPayloadError(`${type} event has no "data.id"`);
    const objectType = text(data.type) ?? type.split(".")[0]!;
    const resource = object(object(data.object)?.[objectType]) ?? {};

    const version =
      num(resource.version) ?? isoMillis(resource.updated_at) ?? isoMillis(resource.created_at) ?? isoMillis(body.created_at);
    if (version === null) throw new MalformedPayloadError(`${type} event has no version, updated_at or created_at`);
    const occurredMs = isoMillis(resource.updated_at) ?? isoMillis(body.created_at) ?? isoMillis(resource.created_at);

    const { kind, action } = TOPICS[type];
    const envelope = {
      schema: CANONICAL_SCHEMA,
      provider: "square",
      topic: type,
      type: TOPICS[type].type,
      externalId,
      version,
      occurredAt: occurredMs === null ? instantText(version, "version") : instantText(occurredMs, "updated_at"),
      action,
    };
    let event: CanonicalEvent;
    if (kind === "payment") event = { ...envelope, kind, data: paymentData(resource) };
    else if (kind === "refund") event = { ...envelope, kind, data: refundData(resource) };
    else if (kind === "customer") event = { ...envelope, kind, data: customerData(resource) };
    else event = { ...envelope, kind, data: { thin: true, operation: type.split(".")[1]!, resource: objectType } };
    return { outcome: "events", events: [{ deliveryId: eventId, event }] };
  },
};

function moneyOf(value: unknown): Money | null {
  const m = object(value);
  if (!m || typeof m.amount !== "number" || !Number.isInteger(m.amount)) return null;
  return { amount: m.amount, currency: text(m.currency)?.toUpperCase() ?? null };
}

const PAYMENT_STATUS: Record<string, string> = {
  COMPLETED: "succeeded",
  APPROVED: "pending", // authorized, not captured yet
  PENDING: "pending",
  CANCELED: "canceled",
  FAILED: "failed",
};

function paymentData(p: Json): PaymentData {
  const amount = moneyOf(p.total_money) ?? moneyOf(p.amount_money) ?? { amount: 0, currency: null };
  const refunded = moneyOf(p.refunded_money);
  const status = text(p.status) ?? "";
  const brand = text(object(object(p.card_details)?.card)?.card_brand);
  const source = text(p.source_type);
  return {
    amount,
    status: refunded && amount.amount > 0 && refunded.amount >= amount.amount ? "refunded" : (PAYMENT_STATUS[status] ?? status.toLowerCase()),
    order: entityRef("order", idOf(p.order_id)),
    invoice: null,
    customer: entityRef("customer", idOf(p.customer_id)),
    method: source ? (brand ? `${source.toLowerCase()}:${brand.toLowerCase()}` : source.toLowerCase()) : null,
    reference: text(p.reference_id) ?? text(p.receipt_number),
  };
}

const REFUND_STATUS: Record<string, string> = { COMPLETED: "succeeded", PENDING: "pending", REJECTED: "failed", FAILED: "failed" };

function refundData(r: Json): RefundData {
  const status = text(r.status);
  return {
    amount: moneyOf(r.amount_money) ?? { amount: 0, currency: null },
    status: status ? (REFUND_STATUS[status] ?? status.toLowerCase()) : null,
    order: entityRef("order", idOf(r.order_id)),
    payment: entityRef("payment", idOf(r.payment_id)),
    reason: text(r.reason),
  };
}

function customerData(c: Json): CustomerData {
  const firstName = text(c.given_name);
  const lastName = text(c.family_name);
  const a = object(c.address);
  const address: Address | null = a
    ? {
        name: fullName(text(a.first_name) ?? firstName, text(a.last_name) ?? lastName),
        company: text(c.company_name),
        street: text(a.address_line_1),
        street2: text(a.address_line_2),
        city: text(a.locality),
        zip: text(a.postal_code),
        stateCode: text(a.administrative_district_level_1),
        countryCode: text(a.country),
        phone: text(c.phone_number),
      }
    : null;
  return {
    email: text(c.email_address),
    firstName,
    lastName,
    phone: text(c.phone_number),
    company: text(c.company_name),
    address,
  };
}
