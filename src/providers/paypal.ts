/**
 * PayPal webhooks (REST API notifications), verified locally, without the postback API.
 * Sources: developer.paypal.com/api/webhooks/v1 `verify-webhook-signature` (the five headers and
 * what each carries); paypal/PayPal-Java-SDK `Event.validateReceivedEvent` (signed string
 * `transmissionId|transmissionTime|webhookId|crc32(body)`, SHA256withRSA with the certificate
 * served at PAYPAL-CERT-URL); hookdeck/webhook-skills paypal-webhooks references/verification.md
 * (CRC-32 of the raw bytes as an UNSIGNED decimal; cache the certificate per URL, PayPal rotates by
 * changing the URL); event samples from PayPal's webhook event names page and the
 * paypal/rest-api-sdk-php sample.
 *
 * Verification, over the raw bytes:
 *  - headers `paypal-transmission-id`, `-transmission-time`, `-transmission-sig` (base64),
 *    `-cert-url`, `-auth-algo` (must be SHA256withRSA);
 *  - `paypal-transmission-time` within `toleranceSeconds` (default 300, 0 disables) of receipt,
 *    both directions (PayPal publishes no tolerance);
 *  - the certificate is fetched ONLY from https://{api,api-m}[.sandbox].paypal.com (no port, no
 *    credentials): any other cert URL is refused before any fetch, since whoever serves the
 *    certificate decides what verifies. The chain is not validated; trust is HTTPS to those hosts.
 *    It is fetched through `services.fetch`, parsed (PEM -> DER -> SubjectPublicKeyInfo, see
 *    schemes/x509.ts), its validity period checked, and cached per URL in the isolate;
 *  - RSASSA-PKCS1-v1_5 / SHA-256 over `${transmissionId}|${transmissionTime}|${webhookId}|${crc32}`
 *    where webhookId is the source option (the id PayPal gave the webhook), crc32 the decimal CRC-32
 *    of the raw body. There is no shared secret: the source's `secrets` are not used (the admin API
 *    requires one; any placeholder will do).
 *
 * Dedup: the event `id` (WH-...), stable across PayPal's retries (a transmission id is per attempt).
 * Version: the resource's `update_time` (else `create_time`, else the event's `create_time`).
 *
 * Routing. The payment entity is the CAPTURE (money actually moved):
 *   PAYMENT.CAPTURE.COMPLETED -> payment succeeded, .PENDING -> pending, .DENIED/.DECLINED -> failed;
 *   PAYMENT.CAPTURE.REFUNDED / .REVERSED -> refund (the resource is the refund; its `up` link names
 *   the capture, referenced as the refund's payment).
 * CHECKOUT.ORDER.APPROVED / COMPLETED are acknowledged and ignored: a PayPal "order" is a payment
 * intent, not a shop order with lines (the shop sends its own), approval moves no money, and the
 * capture that follows arrives as PAYMENT.CAPTURE.*; mapping them too would count one payment twice.
 */
import { CANONICAL_SCHEMA, toMinorUnits, type CanonicalEvent, type Money } from "../events/canonical";
import { crc32 } from "./schemes/crc32";
import { decodeBase64 } from "./schemes/hmac";
import { parseInstant } from "./schemes/iso-instant";
import { checkTimestamp, DEFAULT_TOLERANCE_SECONDS } from "./schemes/timestamp";
import { parseCertificate, pemCertificates } from "./schemes/x509";
import * as z from "zod";
import { MalformedPayloadError, parseJsonObject, type Provider, type VerifyServices } from "./provider";
import { instantText, minorUnits, quoted } from "./required-values";
import { entityRef, object, objectsIn, trimmedText } from "./json-values";
import { isDeclared, type TopicTable } from "./topics";
import { paypalApi } from "./paypal-api";

const optionsSchema = z
  .object({
    /** The webhook's id in the PayPal developer dashboard: part of the signed string. */
    webhookId: z.string().regex(/^[A-Za-z0-9]{1,50}$/, "a PayPal webhook id (letters and digits)"),
    /** Accepted age of paypal-transmission-time, seconds (0 disables the check). */
    toleranceSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();
type PaypalOptions = z.infer<typeof optionsSchema>;

/** Hosts PayPal serves its webhook signing certificates from (live and sandbox). */
export const PAYPAL_CERT_HOSTS: ReadonlySet<string> = new Set([
  "api.paypal.com",
  "api.sandbox.paypal.com",
  "api-m.paypal.com",
  "api-m.sandbox.paypal.com",
]);

const CERT_FETCH_TIMEOUT_MS = 5_000;
const MAX_CERT_BYTES = 64 * 1024;

interface SigningCertificate {
  key: CryptoKey;
  notBefore: number;
  notAfter: number;
}

/** Certificates by URL, per isolate. A failed fetch is not cached (the next delivery retries). */
const certificateCache = new Map<string, Promise<SigningCertificate>>();

function signingCertificate(url: string, fetcher: VerifyServices["fetch"]): Promise<SigningCertificate> {
  let pending = certificateCache.get(url);
  if (!pending) {
    pending = loadCertificate(url, fetcher);
    if (certificateCache.size >= 100) certificateCache.clear(); // PayPal uses a handful of URLs
    certificateCache.set(url, pending);
    const settled = pending;
    settled.catch(() => {
      if (certificateCache.get(url) === settled) certificateCache.delete(url);
    });
  }
  return pending;
}

async function loadCertificate(url: string, fetcher: VerifyServices["fetch"]): Promise<SigningCertificate> {
  const response = await fetcher(url, { signal: AbortSignal.timeout(CERT_FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`certificate fetch answered ${response.status}`);
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength > MAX_CERT_BYTES) throw new Error("certificate response is too large");
  const pem = new TextDecoder().decode(bytes); // PEM is ASCII whatever content type PayPal labels it
  const [leaf] = pemCertificates(pem);
  if (!leaf) throw new Error("certificate URL served no PEM certificate");
  const info = parseCertificate(leaf);
  const key = await crypto.subtle.importKey("spki", info.spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  return { key, notBefore: info.notBefore, notAfter: info.notAfter };
}

/** Why a cert URL may not be fetched, or null when it may. */
function certUrlProblem(certUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(certUrl);
  } catch {
    return "paypal-cert-url is not a URL";
  }
  if (url.protocol !== "https:") return "paypal-cert-url is not https";
  if (url.username || url.password || url.port) return "paypal-cert-url carries credentials or a port";
  if (!PAYPAL_CERT_HOSTS.has(url.hostname.toLowerCase())) return `paypal-cert-url host ${url.hostname} is not a PayPal certificate host`;
  return null;
}

const TOPICS = {
  "PAYMENT.CAPTURE.COMPLETED": { kind: "payment", type: "payment.succeeded", data: "full", status: "succeeded" },
  "PAYMENT.CAPTURE.PENDING": { kind: "payment", type: "payment.pending", data: "full", status: "pending" },
  "PAYMENT.CAPTURE.DENIED": { kind: "payment", type: "payment.failed", data: "full", status: "failed" },
  "PAYMENT.CAPTURE.DECLINED": { kind: "payment", type: "payment.failed", data: "full", status: "failed" },
  "PAYMENT.CAPTURE.REFUNDED": { kind: "refund", type: "refund.created", data: "full", status: null },
  "PAYMENT.CAPTURE.REVERSED": { kind: "refund", type: "refund.reversed", data: "full", status: null },
} as const satisfies TopicTable;

export const paypal: Provider<PaypalOptions> = {
  id: "paypal",
  optionsSchema,
  topics: TOPICS,
  api: paypalApi,

  async verify(delivery, source, services) {
    const h = delivery.headers;
    const transmissionId = h.get("paypal-transmission-id");
    const transmissionTime = h.get("paypal-transmission-time");
    const transmissionSig = h.get("paypal-transmission-sig");
    const certUrl = h.get("paypal-cert-url");
    const authAlgo = h.get("paypal-auth-algo");
    const missing = [
      ["paypal-transmission-id", transmissionId],
      ["paypal-transmission-time", transmissionTime],
      ["paypal-transmission-sig", transmissionSig],
      ["paypal-cert-url", certUrl],
      ["paypal-auth-algo", authAlgo],
    ].filter(([, value]) => !value).map(([name]) => name);
    if (missing.length > 0 || !transmissionId || !transmissionTime || !transmissionSig || !certUrl || !authAlgo) {
      return { ok: false, reason: `missing header(s): ${missing.join(", ")}` };
    }
    if (authAlgo.trim().toUpperCase() !== "SHA256WITHRSA") return { ok: false, reason: `unsupported paypal-auth-algo "${authAlgo}"` };

    const fresh = checkTimestamp({
      signedAtMs: parseInstant(transmissionTime),
      receivedAtMs: delivery.receivedAt,
      toleranceSeconds: source.options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      rejectFuture: true,
    });
    if (!fresh.ok) return { ok: false, reason: `paypal-transmission-time: ${fresh.reason}` };

    const problem = certUrlProblem(certUrl);
    if (problem) return { ok: false, reason: problem };
    const signature = decodeBase64(transmissionSig);
    if (!signature || signature.length === 0) return { ok: false, reason: "paypal-transmission-sig is not base64" };

    let certificate: SigningCertificate;
    try {
      certificate = await signingCertificate(certUrl, services.fetch);
    } catch (err) {
      return { ok: false, reason: `signing certificate unusable: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (delivery.receivedAt < certificate.notBefore || delivery.receivedAt > certificate.notAfter) {
      return { ok: false, reason: "signing certificate is outside its validity period" };
    }

    const signed = `${transmissionId}|${transmissionTime}|${source.options.webhookId}|${crc32(delivery.body)}`;
    const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", certificate.key, signature, new TextEncoder().encode(signed));
    return ok ? { ok: true } : { ok: false, reason: "signature does not match (body, transmission headers or webhookId differ)" };
  },

  normalize(delivery) {
    const body = parseJsonObject(delivery.body);
    const eventType = trimmedText(body.event_type);
    const eventId = trimmedText(body.id);
    if (!eventType) throw new MalformedPayloadError('event has no "event_type"');
    if (!isDeclared(TOPICS, eventType)) {
      const reason = eventType.startsWith("CHECKOUT.ORDER.")
        ? `${eventType} is not routed: a PayPal order is a payment intent, its capture arrives as PAYMENT.CAPTURE.*`
        : `event type "${eventType}" is not routed`;
      return { outcome: "ignored", deliveryId: eventId, topic: eventType, reason };
    }
    const resource = object(body.resource);
    const externalId = trimmedText(resource?.id);
    if (!resource || !externalId) throw new MalformedPayloadError(`${eventType} has no resource.id`);
    const version = parseInstant(trimmedText(resource.update_time) ?? trimmedText(resource.create_time) ?? trimmedText(body.create_time));
    if (Number.isNaN(version)) throw new MalformedPayloadError(`${eventType} has no valid update_time or create_time`);
    const amount = money(resource.amount);
    if (!amount) throw new MalformedPayloadError(`${eventType} resource has no amount {currency_code, value}`);

    const route = TOPICS[eventType];
    const envelope = {
      schema: CANONICAL_SCHEMA,
      provider: "paypal",
      topic: eventType,
      type: route.type,
      externalId,
      version,
      occurredAt: instantText(version, "update_time"),
    };
    let event: CanonicalEvent;
    if (route.kind === "payment") {
      const related = object(object(resource.supplementary_data)?.related_ids);
      event = {
        ...envelope,
        kind: "payment",
        data: {
          amount,
          status: route.status,
          order: null,
          invoice: null,
          customer: null,
          method: "paypal",
          // The merchant's own reference first (what reconciles in Odoo), else PayPal's order id.
          reference: trimmedText(resource.invoice_id) ?? trimmedText(resource.custom_id) ?? trimmedText(related?.order_id),
        },
      };
    } else {
      const captureId = linkedCaptureId(resource.links);
      event = {
        ...envelope,
        kind: "refund",
        data: {
          amount,
          status: trimmedText(resource.status)?.toLowerCase() ?? null,
          order: null,
          payment: entityRef("payment", captureId),
          reason: trimmedText(resource.note_to_payer),
        },
      };
    }
    return { outcome: "events", events: [{ deliveryId: eventId ?? `${eventType}:${externalId}:${version}`, event }] };
  },
};

function money(value: unknown): Money | null {
  const m = object(value);
  const currency = trimmedText(m?.currency_code)?.toUpperCase() ?? null;
  const amount = trimmedText(m?.value);
  if (!currency || currency.length !== 3 || !amount) return null;
  return { amount: minorUnits(amount, currency, "amount.value"), currency };
}

/** A refund's `up` link points at its capture: .../v2/payments/captures/{id}. */
function linkedCaptureId(links: unknown): string | null {
  for (const link of objectsIn(links)) {
    const href = trimmedText(link.href);
    const match = href ? /\/v2\/payments\/captures\/([^/?#]+)\/?$/.exec(href) : null;
    if (match && trimmedText(link.rel) === "up") {
      try {
        return decodeURIComponent(match[1]!);
      } catch {
        throw new MalformedPayloadError(`links.href ${quoted(href)} is not a valid URL`);
      }
    }
  }
  return null;
}
