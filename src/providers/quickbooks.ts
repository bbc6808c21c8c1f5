/**
 * QuickBooks Online webhooks (Intuit).
 * Sources: developer.intuit.com "Managing webhooks notifications" / "Configure webhooks" (signature,
 * supported entities and operations); Intuit developer blog 2025-11-12 "Upcoming change to webhooks
 * payload structure" (legacy and CloudEvents samples; the signature is unchanged); blog 2025-10-14
 * "Introducing enhanced webhooks monitoring" (respond 200 within 3 s; ordered per app, head-of-line
 * blocking; retries then every 6 h).
 *
 * Signature: `intuit-signature` = base64(HMAC-SHA256(app verifier token as UTF-8, raw body)). No
 * signed timestamp (replay protection = dedup store + version guard). Several verifier tokens may be
 * active (development and production apps, or a regenerated token): any of them verifies.
 *
 * Two body formats, both accepted (the migration window lets either arrive):
 *  - legacy: `{"eventNotifications":[{"realmId","dataChangeEvent":{"entities":[{"name","id",
 *    "operation","lastUpdated"}]}}]}`; no event id, so the dedup key is derived:
 *    `realmId:name:id:operation:lastUpdated`;
 *  - CloudEvents: `[{"specversion":"1.0","id","source","type":"qbo.<entity>.<op>.v1","time",
 *    "intuitentityid","intuitaccountid","data":{}}]`; dedup key = the CloudEvent `id`.
 * Both carry ids only: every event is THIN (`{thin:true, operation, resource}`), one per entity
 * change. Customer -> customer, Invoice -> invoice, Payment -> payment, Item -> product; other
 * entities are dropped (a delivery with none routed is acknowledged as ignored).
 *
 * externalId is `<realmId>:<entity id>`: QBO ids are small integers per company, and one app
 * receives every connected company, so the bare id would collide across realms (and the realm is
 * needed to fetch the entity). Version = `lastUpdated` / `time` in epoch ms.
 *
 * Intuit answers a slow or failing endpoint by holding every later event: verify and normalize do
 * only an HMAC and a JSON parse; events for realms outside `realmIds` are acknowledged and ignored,
 * never refused.
 */
import { CANONICAL_SCHEMA, type CanonicalEvent } from "../events/canonical";
import { hmacOverBody } from "./schemes/hmac-header";
import { quickbooksApi } from "./quickbooks-api";
import { parseInstant } from "./schemes/iso-instant";
import * as z from "zod";
import { MalformedPayloadError, parseJson, type NormalizedEvent, type Provider } from "./provider";
import { instantText } from "./required-values";
import { isDeclared, type TopicTable } from "./topics";
import { object, trimmedText } from "./json-values";

const optionsSchema = z
  .object({
    /** Company ids (legacy `realmId`, CloudEvents `intuitaccountid`) this source accepts; others are ignored. */
    realmIds: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
type QuickBooksOptions = z.infer<typeof optionsSchema>;

/** QBO entity (lower-cased) -> canonical kind and the entity's QBO name. */
const TOPICS = {
  customer: { kind: "customer", type: "customer.{operation}", data: "thin", resource: "Customer" },
  invoice: { kind: "invoice", type: "invoice.{operation}", data: "thin", resource: "Invoice" },
  payment: { kind: "payment", type: "payment.{operation}", data: "thin", resource: "Payment" },
  item: { kind: "product", type: "product.{operation}", data: "thin", resource: "Item" },
} as const satisfies TopicTable;
type RoutedEntity = keyof typeof TOPICS;
const isRouted = (entity: string): entity is RoutedEntity => isDeclared(TOPICS, entity);

/** Legacy `Create` and CloudEvents `created` both become `create` (and so on). */
const OPERATIONS: Record<string, string> = {
  create: "create", created: "create",
  update: "update", updated: "update",
  delete: "delete", deleted: "delete",
  merge: "merge", merged: "merge",
  void: "void", voided: "void",
  emailed: "emailed", email: "emailed",
};
const PAST: Record<string, string> = { create: "created", update: "updated", delete: "deleted", merge: "merged", void: "voided", emailed: "emailed" };

/** One entity change, whichever format announced it. */
interface Change {
  realmId: string;
  entity: string;
  id: string;
  operation: string;
  /** The provider's timestamp text and its value in epoch ms. */
  at: string;
  version: number;
  topic: string;
  deliveryId: string;
}

export const quickbooks: Provider<QuickBooksOptions> = {
  id: "quickbooks",
  optionsSchema,
  topics: TOPICS,
  api: quickbooksApi,

  verify: hmacOverBody({ header: "intuit-signature", hash: "SHA-256", encoding: "base64", secretName: "verifier token" }),

  normalize(delivery, source) {
    const parsed = parseJson(delivery.body);
    const { changes, skipped } = Array.isArray(parsed) ? cloudEventChanges(parsed) : legacyChanges(parsed);
    const allowed = source.options.realmIds;
    const inRealm = allowed ? changes.filter((c) => allowed.includes(c.realmId)) : changes;

    if (inRealm.length === 0) {
      const first = changes[0];
      const reason = first
        ? `realm ${first.realmId} is not in this source's realmIds`
        : `no routed entity in the delivery${skipped.length ? ` (${[...new Set(skipped)].join(", ")})` : ""}`;
      return { outcome: "ignored", deliveryId: first?.deliveryId ?? null, topic: first?.topic ?? skipped[0] ?? "(none)", reason };
    }
    return { outcome: "events", events: inRealm.map(toEvent) };
  },
};

function toEvent(change: Change): NormalizedEvent {
  const { kind, resource } = TOPICS[change.entity as RoutedEntity];
  const event = {
    schema: CANONICAL_SCHEMA,
    provider: "quickbooks",
    topic: change.topic,
    type: `${kind}.${PAST[change.operation] ?? change.operation}`,
    externalId: `${change.realmId}:${change.id}`,
    version: change.version,
    occurredAt: instantText(change.version, "lastUpdated"),
    action: change.operation === "delete" ? "delete" : "upsert",
    kind,
    data: { thin: true, operation: change.operation, resource },
  } as CanonicalEvent;
  return { deliveryId: change.deliveryId, event };
}

function instant(value: unknown, what: string): { at: string; version: number } {
  const at = trimmedText(value);
  const version = parseInstant(at);
  if (!at || Number.isNaN(version)) throw new MalformedPayloadError(`${what} has no valid timestamp`);
  return { at, version };
}

function operationOf(raw: unknown, what: string): string {
  const op = trimmedText(raw)?.toLowerCase();
  if (!op) throw new MalformedPayloadError(`${what} has no operation`);
  return OPERATIONS[op] ?? op;
}

function legacyChanges(parsed: unknown): { changes: Change[]; skipped: string[] } {
  const notifications = object(parsed)?.eventNotifications;
  if (!Array.isArray(notifications)) {
    throw new MalformedPayloadError("body is neither a CloudEvents array nor an object with eventNotifications");
  }
  const changes: Change[] = [];
  const skipped: string[] = [];
  for (const item of notifications) {
    const notification = object(item);
    const realmId = trimmedText(notification?.realmId);
    const entities = object(notification?.dataChangeEvent)?.entities;
    if (!notification || !realmId || !Array.isArray(entities)) {
      throw new MalformedPayloadError("an eventNotifications entry lacks realmId or dataChangeEvent.entities");
    }
    for (const raw of entities) {
      const entity = object(raw);
      const name = trimmedText(entity?.name);
      if (!entity || !name) throw new MalformedPayloadError(`an entity of realm ${realmId} has no name`);
      const rawOperation = trimmedText(entity.operation) ?? "";
      if (!isRouted(name.toLowerCase())) {
        skipped.push(`${name}.${rawOperation}`);
        continue;
      }
      const id = trimmedText(entity.id);
      if (!id) throw new MalformedPayloadError(`a ${name} entity of realm ${realmId} has no id`);
      const what = `${name} ${id} of realm ${realmId}`;
      const operation = operationOf(entity.operation, what);
      const { at, version } = instant(entity.lastUpdated, what);
      changes.push({
        realmId,
        entity: name.toLowerCase(),
        id,
        operation,
        at,
        version,
        topic: `${name}.${rawOperation}`,
        // No event id in this format: the same change re-sent yields the same key.
        deliveryId: `${realmId}:${name}:${id}:${rawOperation}:${at}`,
      });
    }
  }
  return { changes, skipped };
}

const CLOUD_EVENT_TYPE = /^qbo\.([a-z0-9_]+)\.([a-z0-9_]+)\.v\d+$/i;

function cloudEventChanges(parsed: unknown[]): { changes: Change[]; skipped: string[] } {
  const changes: Change[] = [];
  const skipped: string[] = [];
  for (const raw of parsed) {
    const ce = object(raw);
    const type = trimmedText(ce?.type);
    if (!ce || !type) throw new MalformedPayloadError("a CloudEvent has no type");
    const match = CLOUD_EVENT_TYPE.exec(type);
    if (!match || !isRouted(match[1]!.toLowerCase())) {
      skipped.push(type);
      continue;
    }
    const id = trimmedText(ce.id);
    const realmId = trimmedText(ce.intuitaccountid);
    const entityId = trimmedText(ce.intuitentityid);
    if (!id || !realmId || !entityId) {
      throw new MalformedPayloadError(`CloudEvent ${type} lacks id, intuitaccountid or intuitentityid`);
    }
    const what = `CloudEvent ${id}`;
    const { at, version } = instant(ce.time, what);
    changes.push({
      realmId,
      entity: match[1]!.toLowerCase(),
      id: entityId,
      operation: operationOf(match[2], what),
      at,
      version,
      topic: type,
      deliveryId: id,
    });
  }
  return { changes, skipped };
}
