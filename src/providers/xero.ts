/**
 * Xero webhooks.
 * Sources: developer.xero.com/documentation/webhooks/configuring-your-server (signature, the
 * response rules, Intent to Receive), /webhooks/overview (payload fields), XeroAPI/Xero-OpenAPI
 * `xero-webhooks.yaml` (schema and example: `eventDateUtc` is written without an offset, e.g.
 * "2024-06-21T01:15:39.902", and is UTC).
 *
 * Signature: `x-xero-signature` = base64(HMAC-SHA256(webhook key as UTF-8, raw body)); the key is
 * used as its string, not base64-decoded. No signed timestamp. Every active key is tried, so a
 * regenerated key can be added before the old one is removed.
 *
 * Reply rules (configuring-your-server): every response is 200 with NO body and no cookies, within
 * 5 s; a bad signature is 401 (also with no body). Intent to Receive sends a series of requests
 * `{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"..."}`, some deliberately
 * mis-signed, and expects exactly that (200 for good, 401 for bad). So `rejectionReply` is an empty
 * 401 and `ackReply` is an empty 200 for EVERY verified delivery (events, ITR, ignored, duplicates):
 * the router's JSON body would break the "no body" rule. A malformed verified body still gets the
 * router's 400 (Xero retries it for 24 h, then disables the webhook: visible in the audit log).
 *
 * Events carry ids only -> THIN events: CONTACT -> customer, INVOICE -> invoice (CREDITNOTE,
 * SUBSCRIPTION... are dropped). Xero has no event id: the dedup key is
 * `tenantId:eventCategory:resourceId:eventDateUtc:eventType`. externalId = `resourceId` (a GUID,
 * unique across organisations). Version = `eventDateUtc` in epoch ms.
 */
import { CANONICAL_SCHEMA, type CanonicalEvent } from "../events/canonical";
import { hmacOverBody } from "./schemes/hmac-header";
import { xeroApi } from "./xero-api";
import { parseInstant } from "./schemes/iso-instant";
import * as z from "zod";
import { MalformedPayloadError, parseJsonObject, type NormalizedEvent, type Provider } from "./provider";
import { instantText } from "./required-values";
import { object, trimmedText } from "./json-values";
import { isDeclared, type TopicTable } from "./topics";

const optionsSchema = z
  .object({
    /** Organisation ids (`tenantId`) this source accepts; events of other tenants are ignored. */
    tenantIds: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
type XeroOptions = z.infer<typeof optionsSchema>;

/** eventCategory -> canonical kind: ids only (thin), the resource is Xero's API collection. */
const TOPICS = {
  CONTACT: { kind: "customer", type: "customer.{eventType}", data: "thin", resource: "Contacts" },
  INVOICE: { kind: "invoice", type: "invoice.{eventType}", data: "thin", resource: "Invoices" },
} as const satisfies TopicTable;
type RoutedCategory = keyof typeof TOPICS;
const isRouted = (category: string): category is RoutedCategory => isDeclared(TOPICS, category);

const PAST: Record<string, string> = { create: "created", update: "updated", delete: "deleted" };

export const xero: Provider<XeroOptions> = {
  id: "xero",
  optionsSchema,
  topics: TOPICS,
  api: xeroApi,

  verify: hmacOverBody({ header: "x-xero-signature", hash: "SHA-256", encoding: "base64", secretName: "webhook key" }),

  normalize(delivery, source) {
    const body = parseJsonObject(delivery.body);
    if (!Array.isArray(body.events)) throw new MalformedPayloadError('body has no "events" array');
    if (body.events.length === 0) {
      return { outcome: "ignored", deliveryId: null, topic: "intent-to-receive", reason: "Intent to Receive validation (no events)" };
    }
    const allowed = source.options.tenantIds;
    const events: NormalizedEvent[] = [];
    const skipped: string[] = [];
    for (const raw of body.events) {
      const e = object(raw);
      const category = stringField(e?.eventCategory)?.toUpperCase();
      const eventType = stringField(e?.eventType);
      if (!e || !category || !eventType) throw new MalformedPayloadError("an event lacks eventCategory or eventType");
      const topic = `${category}.${eventType.toUpperCase()}`;
      if (!isRouted(category)) {
        skipped.push(`${topic} (not routed)`);
        continue;
      }
      const tenantId = stringField(e.tenantId);
      const resourceId = stringField(e.resourceId);
      const eventDateUtc = stringField(e.eventDateUtc);
      if (!tenantId || !resourceId) throw new MalformedPayloadError(`${topic} event lacks tenantId or resourceId`);
      if (allowed && !allowed.includes(tenantId)) {
        skipped.push(`${topic} (tenant ${tenantId} is not in this source's tenantIds)`);
        continue;
      }
      const version = parseInstant(eventDateUtc);
      if (!eventDateUtc || Number.isNaN(version)) throw new MalformedPayloadError(`${topic} event ${resourceId} has no valid eventDateUtc`);

      const { kind, resource } = TOPICS[category];
      const operation = eventType.toLowerCase();
      const event = {
        schema: CANONICAL_SCHEMA,
        provider: "xero",
        topic,
        type: `${kind}.${PAST[operation] ?? operation}`,
        externalId: resourceId,
        version,
        occurredAt: instantText(version, "eventDateUtc"),
        action: operation === "delete" ? "delete" : "upsert",
        kind,
        data: { thin: true, operation, resource },
      } as CanonicalEvent;
      events.push({ deliveryId: `${tenantId}:${category}:${resourceId}:${eventDateUtc}:${eventType.toUpperCase()}`, event });
    }
    if (events.length === 0) {
      return { outcome: "ignored", deliveryId: null, topic: skipped[0]?.split(" ")[0] ?? "(none)", reason: `no routed event: ${skipped.join("; ")}` };
    }
    return { outcome: "events", events };
  },

  rejectionReply() {
    return { status: 401, body: null };
  },

  ackReply() {
    return { status: 200, body: null };
  },
};

/**
 * A field as trimmed, non-blank text, like json-values `trimmedText` except that a number is not
 * text here: every field Xero sends (GUIDs, category and type names, dates) is a string, and an
 * event with a number in their place has always been refused as malformed.
 */
function stringField(value: unknown): string | null {
  return typeof value === "string" ? trimmedText(value) : null;
}
