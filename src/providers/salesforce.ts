/**
 * Salesforce Outbound Messaging (workflow / flow outbound messages, SOAP 1.1).
 * Sources: developer.salesforce.com API guide "Understanding Outbound Messaging", "Understanding
 * the Outbound Messaging WSDL" (the `notifications` element: OrganizationId, ActionId, SessionId,
 * EnterpriseUrl, PartnerUrl, up to 100 Notification {Id, sObject}; the `notificationsResponse`
 * Ack), "Considerations for Security" and help "Considerations for Outbound Messages" (no
 * signature; messages are retried for 24 h until acknowledged, possibly out of order and more than
 * once, "check the notification IDs"; only the latest field values are sent).
 *
 * Authentication: Salesforce does not sign outbound messages. A delivery is accepted when
 *  1. its `OrganizationId` equals the source option `organizationId` (15- or 18-character form;
 *     compared case-sensitively on the first 15 characters, the case-significant id), and
 *  2. when the source has real secrets, the endpoint URL carries one of them as `?token=<secret>`
 *     (configure the outbound message's Endpoint URL as
 *     `https://<router>/webhooks/<tenant>/<source>?token=<secret>`); compared in constant time with
 *     every active secret, so a token is rotated by adding the new secret, updating the endpoint
 *     URL in Salesforce, then removing the old one. A source whose only secret is the placeholder
 *     "none" requires no token (the org id alone, e.g. behind an IP allow-list or mTLS).
 * The org id is not a secret: use a token.
 *
 * Reply: every verified delivery (events, ignored, duplicates) is answered with the SOAP
 * `notificationsResponse` `<Ack>true</Ack>`; Salesforce redelivers anything else for 24 h.
 *
 * Routing: sObject type Account -> company, Contact -> customer, Opportunity -> deal (others are
 * acknowledged and dropped). One event per Notification; dedup key = Notification `Id` (the same
 * across redeliveries); version = `SystemModstamp` (else `LastModifiedDate`) in epoch ms, so the
 * outbound message must include one of those fields. `IsDeleted` true -> action "delete". Outbound
 * messages do not say whether a record was created or updated: types are `<kind>.updated`.
 * Each notification is a full snapshot (canonical `completeness` "full"): Salesforce sends the
 * record's current values of every field the outbound message selects, not the fields that changed.
 */
import { CANONICAL_SCHEMA, type CanonicalEvent } from "../events/canonical";
import { companyData, customerData, dealData, type Fields } from "./salesforce-records";
import { salesforceApi } from "./salesforce-api";
import { attribute, childElement, childElements, isNil, qnameLocal, soapBody, XmlError, XSI_NS, type XmlElement } from "./schemes/soap";
import { parseInstant } from "./schemes/iso-instant";
import { queryParam, tokenMatches } from "./schemes/url-token";
import * as z from "zod";
import { MalformedPayloadError, type NormalizedEvent, type Provider, type ProviderReply } from "./provider";
import { instantText } from "./required-values";
import { isDeclared, type TopicTable } from "./topics";

export const OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound";
/** A source whose secrets are all this value requires no `?token=`. */
export const NO_TOKEN_PLACEHOLDER = "none";

const optionsSchema = z
  .object({
    /** The org id (Setup > Company Information), 15 or 18 characters, starting with 00D. */
    organizationId: z.string().regex(/^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/, "a Salesforce organization id (00D..., 15 or 18 characters)"),
    /** Currency of Opportunity amounts when the message has no CurrencyIsoCode field (single-currency orgs). */
    currency: z.string().length(3).optional(),
  })
  .strict();
type SalesforceOptions = z.infer<typeof optionsSchema>;

/** sObject type -> canonical kind: full snapshots (the fields the outbound message selects). */
const TOPICS = {
  Account: { kind: "company", type: "company.{created|updated|deleted}", data: "full" },
  Contact: { kind: "customer", type: "customer.{created|updated|deleted}", data: "full" },
  Opportunity: { kind: "deal", type: "deal.{created|updated|deleted}", data: "full" },
} as const satisfies TopicTable;

const ACK: ProviderReply = {
  status: 200,
  contentType: "text/xml; charset=utf-8",
  body:
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    "<soapenv:Body>" +
    `<notificationsResponse xmlns="${OUTBOUND_NS}"><Ack>true</Ack></notificationsResponse>` +
    "</soapenv:Body>" +
    "</soapenv:Envelope>",
};

/** Parsed bodies, so that verify and normalize parse each delivery once. */
const parsedBodies = new WeakMap<Uint8Array, XmlElement>();

function notificationsOf(body: Uint8Array): XmlElement {
  let notifications = parsedBodies.get(body);
  if (!notifications) {
    const soap = soapBody(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body));
    const found = childElement(soap, "notifications", OUTBOUND_NS);
    if (!found) throw new XmlError(`SOAP Body has no notifications element in ${OUTBOUND_NS}`);
    notifications = found;
    parsedBodies.set(body, notifications);
  }
  return notifications;
}

/** Whether the bytes contain this ASCII text (a plain scan: no decoding, no parsing). */
function containsAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  const last = bytes.length - text.length;
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= last; i = bytes.indexOf(first, i + 1)) {
    for (let k = 1; k < text.length; k++) if (bytes[i + k] !== text.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

export const salesforce: Provider<SalesforceOptions> = {
  id: "salesforce",
  optionsSchema,
  topics: TOPICS,

  async verify(delivery, source) {
    const tokens = source.secrets.filter((s) => s !== NO_TOKEN_PLACEHOLDER);
    if (tokens.length > 0) {
      const presented = queryParam(delivery.url, "token");
      if (!presented) return { ok: false, reason: "missing ?token= in the endpoint URL (this source requires one)" };
      if (!(await tokenMatches(presented, tokens))) return { ok: false, reason: "?token= does not match any active secret" };
    }
    // Cheap before costly: a body that does not even contain this source's org id is refused
    // without being parsed (Salesforce writes the id as plain text, never as character references).
    const orgPrefix = source.options.organizationId.slice(0, 15);
    if (!containsAscii(delivery.body, orgPrefix)) {
      return { ok: false, reason: `body is not a Salesforce outbound message of this source's organization (no OrganizationId ${orgPrefix} in it)` };
    }
    let notifications: XmlElement;
    try {
      notifications = notificationsOf(delivery.body);
    } catch (err) {
      const detail = err instanceof XmlError || err instanceof TypeError ? err.message : String(err);
      return { ok: false, reason: `body is not a Salesforce outbound message: ${detail}` };
    }
    const orgId = field(notifications, "OrganizationId", OUTBOUND_NS);
    if (!orgId) return { ok: false, reason: "outbound message has no OrganizationId" };
    if (orgId.slice(0, 15) !== source.options.organizationId.slice(0, 15)) {
      return { ok: false, reason: `OrganizationId ${orgId} is not this source's organization` };
    }
    return { ok: true };
  },

  normalize(delivery, source) {
    let notifications: XmlElement;
    try {
      notifications = notificationsOf(delivery.body);
    } catch (err) {
      throw new MalformedPayloadError(`not a Salesforce outbound message: ${err instanceof Error ? err.message : String(err)}`);
    }
    const events: NormalizedEvent[] = [];
    const skipped: string[] = [];
    let firstNotificationId: string | null = null;
    for (const notification of childElements(notifications, "Notification", OUTBOUND_NS)) {
      const notificationId = field(notification, "Id", OUTBOUND_NS);
      const sObject = childElement(notification, "sObject", OUTBOUND_NS);
      if (!notificationId || !sObject) throw new MalformedPayloadError("a Notification lacks Id or sObject");
      firstNotificationId ??= notificationId;
      const xsiType = attribute(sObject, XSI_NS, "type") ?? sObject.attributes["xsi:type"] ?? null;
      const type = xsiType ? qnameLocal(xsiType) : "";
      if (!isDeclared(TOPICS, type)) {
        skipped.push(type || "(untyped sObject)");
        continue;
      }
      const fields = sObjectFields(sObject);
      const externalId = fields.Id;
      if (!externalId) throw new MalformedPayloadError(`${type} in notification ${notificationId} has no Id field`);
      const stamp = fields.SystemModstamp ?? fields.LastModifiedDate;
      const version = parseInstant(stamp);
      if (Number.isNaN(version)) {
        throw new MalformedPayloadError(`${type} ${externalId} has no SystemModstamp (add it to the outbound message's fields)`);
      }
      const kind = TOPICS[type].kind;
      const deleted = fields.IsDeleted === "true";
      const envelope = {
        schema: CANONICAL_SCHEMA,
        provider: "salesforce",
        topic: type,
        type: `${kind}.${deleted ? "deleted" : "updated"}`,
        externalId,
        version,
        occurredAt: instantText(version, "SystemModstamp"),
        action: deleted ? ("delete" as const) : ("upsert" as const),
      };
      let event: CanonicalEvent;
      if (kind === "company") event = { ...envelope, kind, data: companyData(fields) };
      else if (kind === "customer") event = { ...envelope, kind, data: customerData(fields) };
      else event = { ...envelope, kind, data: dealData(fields, source.options, `${type} ${externalId}`) };
      events.push({ deliveryId: notificationId, event });
    }
    if (events.length === 0) {
      const reason = skipped.length ? `sObject type(s) not routed: ${[...new Set(skipped)].join(", ")}` : "the message carried no notification";
      return { outcome: "ignored", deliveryId: firstNotificationId, topic: skipped[0] ?? "notifications", reason };
    }
    return { outcome: "events", events };
  },

  ackReply() {
    return ACK;
  },
  api: salesforceApi,
};

/** The sObject's fields by API name (`sf:` prefix removed); nil and empty fields are absent. */
function sObjectFields(sObject: XmlElement): Fields {
  const fields: Fields = {};
  for (const child of sObject.children) {
    if (isNil(child)) continue;
    const value = child.text.trim();
    if (value !== "") fields[child.name] = value;
  }
  return fields;
}

function field(parent: XmlElement, name: string, namespace: string): string | null {
  const element = childElement(parent, name, namespace);
  if (!element || isNil(element)) return null;
  return element.text.trim() || null;
}
