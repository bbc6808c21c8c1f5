/**
 * HubSpot webhooks (Webhooks API subscriptions: contact.*, company.*, deal.*, and the generic
 * object.* with objectTypeId 0-1 / 0-2 / 0-3).
 *
 * Sources:
 * - developers.hubspot.com "Validating requests" (docs/apps/legacy-apps/authentication/validating-requests
 *   and docs/apps/developer-platform/build-apps/authentication/request-validation), and the changelog
 *   "Introducing version 3 of Webhook signatures": v3 = base64(HMAC-SHA256(client secret,
 *   method + uri + body + timestamp)), reject when the timestamp is older than 5 minutes; before
 *   signing, HubSpot decodes these escapes in the URI: %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 '
 *   %28 ( %29 ) %2A * %2C , %3B ; (table on the same page).
 * - developers.hubspot.com/docs/faq/v1-request-validation and v2-request-validation (worked examples):
 *   v1 = hex(sha256(secret + body)), v2 = hex(sha256(secret + method + uri + body)).
 * - `@hubspot/api-client@14.0.1` lib/src/utils/signature.js (`Signature.getSignature` / `isValid`,
 *   MAX_ALLOWED_TIMESTAMP = 300000 ms, only the past is checked).
 *
 * The signed URI is the source option `publicUrl` (the target URL configured in HubSpot), never the
 * Host header; when the request carries a query string, it replaces any query of `publicUrl`.
 * v1/v2 (`X-HubSpot-Signature` + `X-HubSpot-Signature-Version`) carry no timestamp and are only
 * accepted with the option `acceptLegacySignatures: true` (and only when no v3 header is present).
 *
 * The body is a JSON array (a batch): one canonical event per element, deduplicated on
 * `portalId:subscriptionId:eventId`, ordered by `occurredAt` (ms), entity = `objectId`.
 * HubSpot sends ids and property changes, never the object. A contact or company
 * `propertyChange` of a property the router writes (CONTACT_PROPERTIES, COMPANY_PROPERTIES below)
 * is a partial customer/company event carrying that one field; other contact and company events
 * are thin (fetch needed). Deals: a `propertyChange` carries `changes: {propertyName: propertyValue}`
 * in DealData, every other DealData field null meaning "not part of this event": a partial event
 * (`completeness: "partial"`, `changed: ["changes.<propertyName>"]`), ordered and coalesced per
 * property by the entity object; deal creation/deletion/merge/restore are thin. Deletions (`deletion`,
 * `privacyDeletion`) have `action: "delete"`. Other subscription types (associationChange, tickets,
 * conversations, ...) are skipped; a batch with none routed is ignored.
 */
import { CANONICAL_SCHEMA, withDataValue, type CanonicalEvent, type CompanyData, type CustomerData } from "../events/canonical";
import { hubspotApi } from "./hubspot-api";
import { concatBytes, decodeBase64, decodeHex, verifyHmac } from "./schemes/hmac";
import { verifySecretDigest } from "./schemes/secret-digest";
import { DEFAULT_TOLERANCE_SECONDS, checkTimestamp } from "./schemes/timestamp";
import * as z from "zod";
import { MalformedPayloadError, parseJson, type NormalizedEvent, type Provider, type Verification } from "./provider";
import { instantText } from "./required-values";
import { idOf, object, text, type Json } from "./json-values";
import type { TopicTable } from "./topics";

const optionsSchema = z
  .object({
    /** The exact target URL configured in HubSpot (it is part of the v2/v3 signed string). */
    publicUrl: z.url({ protocol: /^https?$/ }),
    /** Accept v1/v2 signatures (no timestamp, no replay protection) when no v3 header is sent. */
    acceptLegacySignatures: z.boolean().default(false),
    /** Maximum age of X-HubSpot-Request-Timestamp in seconds; 0 disables the check. */
    toleranceSeconds: z.number().int().min(0).default(DEFAULT_TOLERANCE_SECONDS),
  })
  .strict();
type HubSpotOptions = z.infer<typeof optionsSchema>;

const OBJECT_TYPES = {
  contact: { kind: "customer", resource: "contact" },
  company: { kind: "company", resource: "company" },
  deal: { kind: "deal", resource: "deal" },
} as const;
type ObjectType = keyof typeof OBJECT_TYPES;
/** Generic `object.*` subscriptions name the type by id. */
const OBJECT_TYPE_IDS: Record<string, ObjectType> = { "0-1": "contact", "0-2": "company", "0-3": "deal" };

const OPERATIONS: Record<string, { type: "created" | "updated" | "deleted"; action: "upsert" | "delete" }> = {
  creation: { type: "created", action: "upsert" },
  propertyChange: { type: "updated", action: "upsert" },
  merge: { type: "updated", action: "upsert" },
  restore: { type: "updated", action: "upsert" },
  deletion: { type: "deleted", action: "delete" },
  privacyDeletion: { type: "deleted", action: "delete" },
};

/**
 * Every `<object>.<operation>` subscription type: a property change is partial (one field, for the
 * properties the router maps; others stay thin), every other operation is thin.
 */
const TOPICS: TopicTable = Object.fromEntries(
  Object.entries(OBJECT_TYPES).flatMap(([objectType, { kind, resource }]) =>
    Object.entries(OPERATIONS).map(([operation, { type }]) => [
      `${objectType}.${operation}`,
      { kind, type: `${kind}.${type}`, data: operation === "propertyChange" ? ("partial" as const) : ("thin" as const), resource },
    ]),
  ),
);

export const hubspot: Provider<HubSpotOptions> = {
  id: "hubspot",
  optionsSchema,
  topics: TOPICS,

  async verify(delivery, source) {
    const uri = signedUri(source.options.publicUrl, delivery.url);
    const v3 = delivery.headers.get("x-hubspot-signature-v3");
    if (v3 !== null) return verifyV3(delivery, source.secrets, source.options, uri, v3);

    const legacy = delivery.headers.get("x-hubspot-signature");
    if (legacy === null) return { ok: false, reason: "missing X-HubSpot-Signature-v3 header" };
    if (!source.options.acceptLegacySignatures) {
      return { ok: false, reason: "no X-HubSpot-Signature-v3 header, and v1/v2 signatures are not accepted (option acceptLegacySignatures)" };
    }
    const version = (delivery.headers.get("x-hubspot-signature-version") ?? "").trim().toLowerCase();
    if (version !== "v1" && version !== "v2") return { ok: false, reason: `unsupported X-HubSpot-Signature-Version "${version}"` };
    const received = decodeHex(legacy);
    if (!received) return { ok: false, reason: "X-HubSpot-Signature is not hex" };
    // v2 signs the URI exactly as called, without the v3 percent-decoding.
    const rawUri = signedUri(source.options.publicUrl, delivery.url, false);
    const ok = await verifySecretDigest({
      secrets: source.secrets,
      hash: "SHA-256",
      received,
      signed: (secret) =>
        version === "v1" ? concatBytes(secret, delivery.body) : concatBytes(secret + delivery.method + rawUri, delivery.body),
    });
    return ok ? { ok: true } : { ok: false, reason: `${version} signature does not match any active secret` };
  },

  normalize(delivery) {
    const parsed = parseJson(delivery.body);
    if (!Array.isArray(parsed)) throw new MalformedPayloadError("body is not a JSON array of events");
    const events: NormalizedEvent[] = [];
    const skipped = new Set<string>();
    let firstKey: string | null = null;
    for (const raw of parsed) {
      const element = object(raw);
      if (!element) throw new MalformedPayloadError("batch element is not an object");
      const subscriptionType = text(element.subscriptionType) ?? "";
      const key = dedupKey(element);
      firstKey ??= key;
      const route = routeOf(subscriptionType, element);
      if (!route) {
        skipped.add(subscriptionType || "(none)");
        continue;
      }
      if (!key) throw new MalformedPayloadError(`${subscriptionType} event has no portalId/subscriptionId/eventId`);
      const externalId = idOf(element.objectId);
      if (!externalId) throw new MalformedPayloadError(`${subscriptionType} event has no "objectId"`);
      const occurred = text(element.occurredAt);
      const version = occurred !== null && /^\d+$/.test(occurred) ? Number(occurred) : NaN;
      if (!Number.isSafeInteger(version)) throw new MalformedPayloadError(`${subscriptionType} event has no valid "occurredAt"`);
      events.push({ deliveryId: key, event: canonical(element, subscriptionType, route, externalId, version) });
    }
    if (events.length === 0) {
      const topics = [...skipped].join(", ") || "(empty batch)";
      return { outcome: "ignored", deliveryId: firstKey, topic: topics, reason: `subscription type(s) ${topics} not routed` };
    }
    return { outcome: "events", events };
  },
  api: hubspotApi,
};

async function verifyV3(
  delivery: { body: Uint8Array; headers: Headers; method: string; receivedAt: number },
  secrets: readonly string[],
  options: HubSpotOptions,
  uri: string,
  header: string,
): Promise<Verification> {
  const timestamp = delivery.headers.get("x-hubspot-request-timestamp");
  if (!timestamp) return { ok: false, reason: "missing X-HubSpot-Request-Timestamp header" };
  if (!/^\d+$/.test(timestamp.trim())) return { ok: false, reason: "X-HubSpot-Request-Timestamp is not a number of milliseconds" };
  const fresh = checkTimestamp({
    signedAtMs: Number(timestamp.trim()),
    receivedAtMs: delivery.receivedAt,
    toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    rejectFuture: false, // HubSpot documents (and its SDK checks) only the past
  });
  if (!fresh.ok) return fresh;
  const signature = decodeBase64(header);
  if (!signature) return { ok: false, reason: "X-HubSpot-Signature-v3 is not base64" };
  // The timestamp is signed exactly as sent in the header.
  const signed = concatBytes(delivery.method + uri, delivery.body, timestamp);
  const ok = await verifyHmac({ secrets, hash: "SHA-256", signature, signed });
  return ok ? { ok: true } : { ok: false, reason: "v3 signature does not match any active secret" };
}

const DECODED_ESCAPES: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

/**
 * The URI HubSpot signed: `publicUrl`, with the request's own query string when it has one (the
 * router's route never adds one), then (v3) the documented escapes decoded.
 */
export function signedUri(publicUrl: string, requestUrl: string, decode = true): string {
  const query = rawQuery(requestUrl);
  const uri = query ? publicUrl.replace(/[?#].*$/s, "") + query : publicUrl;
  return decode ? uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED_ESCAPES[m.toUpperCase()] ?? m) : uri;
}

/** "?a=b" exactly as received (no re-encoding by a URL parser), or "" when there is none. */
function rawQuery(url: string): string {
  const withoutFragment = url.replace(/#.*$/s, "");
  const index = withoutFragment.indexOf("?");
  return index >= 0 && index < withoutFragment.length - 1 ? withoutFragment.slice(index) : "";
}

interface Route {
  objectType: ObjectType;
  operation: string;
}

function routeOf(subscriptionType: string, element: Json): Route | null {
  const [prefix = "", operation = ""] = subscriptionType.split(".");
  if (!Object.hasOwn(OPERATIONS, operation)) return null;
  if (Object.hasOwn(OBJECT_TYPES, prefix)) return { objectType: prefix as ObjectType, operation };
  if (prefix === "object") {
    const objectType = OBJECT_TYPE_IDS[text(element.objectTypeId) ?? ""];
    return objectType ? { objectType, operation } : null;
  }
  return null;
}

function canonical(element: Json, topic: string, route: Route, externalId: string, version: number): CanonicalEvent {
  const { kind, resource } = OBJECT_TYPES[route.objectType];
  const { type, action } = OPERATIONS[route.operation]!;
  const envelope = {
    schema: CANONICAL_SCHEMA,
    provider: "hubspot",
    topic,
    type: `${kind}.${type}`,
    externalId,
    version,
    occurredAt: instantText(version, "occurredAt"),
    action,
  };
  const thin = { thin: true as const, operation: route.operation, resource };
  if (kind === "deal" && route.operation === "propertyChange") {
    const name = text(element.propertyName);
    if (!name) throw new MalformedPayloadError(`${topic} event has no "propertyName"`);
    const value = element.propertyValue;
    return {
      ...envelope,
      kind,
      // One property of the deal, not a snapshot: ordered and coalesced per property.
      completeness: "partial",
      changed: [`changes.${name}`],
      data: {
        title: null,
        amount: null,
        stage: null,
        status: null,
        company: null,
        contact: null,
        closeDate: null,
        changes: { [name]: typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : null },
      },
    };
  }
  if (route.operation === "propertyChange" && kind === "customer" && text(element.propertyName) === OPT_OUT_PROPERTY) {
    // "Unsubscribed from all email" set or cleared: the contact's consent at the change's time.
    const optedOut = scalarValue(element.propertyValue) === "true";
    const marketingConsent = { state: optedOut ? ("unsubscribed" as const) : ("subscribed" as const), updatedAt: envelope.occurredAt };
    return { ...envelope, completeness: "partial" as const, changed: ["marketingConsent"], kind, data: { ...EMPTY_CUSTOMER, marketingConsent } };
  }
  if (route.operation === "propertyChange" && (kind === "customer" || kind === "company")) {
    const name = text(element.propertyName);
    const field = name ? (kind === "customer" ? CONTACT_PROPERTIES : COMPANY_PROPERTIES)[name] : undefined;
    // A property the router has no field for: as before, an id-only (thin) event.
    if (field) {
      const value = scalarValue(element.propertyValue);
      const data = withDataValue(kind === "customer" ? EMPTY_CUSTOMER : EMPTY_COMPANY, field, value);
      const partial = { ...envelope, completeness: "partial" as const, changed: [field] };
      return kind === "customer" ? { ...partial, kind, data: data as CustomerData } : { ...partial, kind, data: data as CompanyData };
    }
  }
  if (kind === "customer") return { ...envelope, kind, data: thin };
  if (kind === "company") return { ...envelope, kind, data: thin };
  return { ...envelope, kind, data: thin };
}

/**
 * The contact property "Unsubscribed from all email" (`hs_email_optout`, "true"/"false"): a
 * partial customer event carrying `marketingConsent` (the way in of the consent flow,
 * src/odoo/writers/email-consent.ts). Cleared means the contact opted in again.
 */
const OPT_OUT_PROPERTY = "hs_email_optout";

/**
 * HubSpot default contact and company properties the router writes -> canonical fields. Free-text
 * `state` and `country` are not mapped (Odoo needs codes).
 */
const CONTACT_PROPERTIES: Record<string, string> = {
  email: "email",
  firstname: "firstName",
  lastname: "lastName",
  phone: "phone",
  company: "company",
  address: "address.street",
  city: "address.city",
  zip: "address.zip",
};
const COMPANY_PROPERTIES: Record<string, string> = {
  name: "name",
  domain: "domain",
  phone: "phone",
  address: "address.street",
  city: "address.city",
  zip: "address.zip",
};
const EMPTY_ADDRESS = { name: null, company: null, street: null, street2: null, city: null, zip: null, stateCode: null, countryCode: null, phone: null };
const EMPTY_CUSTOMER: CustomerData = { email: null, firstName: null, lastName: null, phone: null, company: null, address: EMPTY_ADDRESS };
const EMPTY_COMPANY: CompanyData = { name: "", domain: null, email: null, phone: null, vat: null, address: EMPTY_ADDRESS };

/** A property's new value as text; "" (HubSpot's cleared property) is null. */
function scalarValue(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function dedupKey(element: Json): string | null {
  const parts = [idOf(element.portalId), idOf(element.subscriptionId), idOf(element.eventId)];
  return parts.every((p) => p !== null) ? parts.join(":") : null;
}
