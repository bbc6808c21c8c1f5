/**
 * Configurable routing for the generic providers (`standard-webhooks`, `generic-hmac`): the
 * source's options say, per sender event type, which canonical kind it is and where its id,
 * version and action are in the JSON body. Paths are dot-separated keys, with numeric segments
 * for array items ("data.id", "data.items.0.sku"); keys containing a dot cannot be addressed.
 *
 * Partial senders: a route with `partial: true` (customer routes, and thin ones) makes partial
 * events (canonical `completeness: "partial"`) carrying the mapped fields present in the body.
 *
 * Data: a route without `fields` produces a thin event (`{thin:true, operation:<event type>,
 * resource:<kind>}`: "this entity changed", recorded as ignored). A route with `thin: true`
 * produces the same thin event, which is fetched when the source has `api` (generic-api.ts):
 * its `fields` (and `fetchedVersionPath`) then map the fetched object.
 * Customer and product routes may instead map canonical fields to body paths (`fields`), which
 * yields full canonical data that is written to Odoo. Orders and the other kinds are thin only:
 * their canonical shapes (lines, nested money, references) are not expressible as flat paths.
 *
 *   { "kind": "customer", "idPath": "data.id", "versionPath": "data.updated_at",
 *     "fields": { "email": "data.email", "firstName": "data.first_name", "countryCode": "data.country" } }
 *
 * Version: a number at `versionPath` is used as is (epoch ms, epoch seconds or a sequence: only
 * compared between events of one entity, it only has to grow); a numeric string likewise; any
 * other string must be a date (ISO 8601; without an offset it is read as UTC) and becomes epoch ms.
 */
import * as z from "zod";
import {
  CANONICAL_SCHEMA,
  isInstant,
  type Address,
  type CanonicalEvent,
  type CustomerData,
  type ProductData,
} from "../events/canonical";
import { MalformedPayloadError } from "./provider";
import { minorUnits } from "./required-values";
import { fullName, scalarText, type Json } from "./json-values";

export const ROUTABLE_KINDS = [
  "customer",
  "company",
  "product",
  "order",
  "payment",
  "refund",
  "invoice",
  "deal",
  "ticket",
  "inventory",
] as const;

export const CUSTOMER_FIELDS = [
  "email",
  "firstName",
  "lastName",
  "phone",
  "company",
  "street",
  "street2",
  "city",
  "zip",
  "stateCode",
  "countryCode",
] as const;
/** `price` is a decimal in major units ("19.99" or 19.99), converted with the `currency` found. */
export const PRODUCT_FIELDS = ["title", "vendor", "productType", "active", "sku", "barcode", "price", "currency"] as const;

export const jsonPathSchema = z
  .string()
  .min(1)
  .regex(/^[^.]+(\.[^.]+)*$/, "a dot-separated path such as data.id");

/** Values of `actionPath` that mean the entity was removed (compared lower-cased). */
const DELETE_ACTIONS = new Set(["delete", "deleted", "removed", "destroyed"]);

export function routeSchema(options: { versionRequired: boolean }) {
  return z
    .object({
      kind: z.enum(ROUTABLE_KINDS),
      /** Canonical type; default `<kind>.<last segment of the event type>`, e.g. "customer.created". */
      type: z.string().min(1).optional(),
      idPath: jsonPathSchema,
      versionPath: options.versionRequired ? jsonPathSchema : jsonPathSchema.optional(),
      /** A fixed action for this event type ("delete" for "contact.deleted"). */
      action: z.enum(["upsert", "delete"]).optional(),
      /** Or: where the body says it; "delete", "deleted", "removed" or "destroyed" mean delete. */
      actionPath: jsonPathSchema.optional(),
      /** Canonical field -> body path; customer and product routes only. */
      fields: z.record(z.string(), jsonPathSchema).optional(),
      /**
       * The sender sends only what changed: the event is a partial change carrying the mapped
       * fields present in the body (a present null clears the field), ordered per field.
       */
      partial: z.boolean().optional(),
      /**
       * The sender's body only names the entity: the event is thin, and with the source's `api`
       * (generic-api.ts: `fetchUrl`) the object is fetched and `fields` map the FETCHED object.
       */
      thin: z.boolean().optional(),
      /** With `thin`: the fetched object's version (number or date); default the thin event's version. */
      fetchedVersionPath: jsonPathSchema.optional(),
    })
    .strict()
    .superRefine((route, ctx) => {
      if (route.thin && route.partial) {
        ctx.addIssue({ code: "custom", path: ["thin"], message: "a thin route fetches the whole object: remove partial" });
      }
      if (route.thin && !route.fields && (route.kind === "customer" || route.kind === "product")) {
        ctx.addIssue({ code: "custom", path: ["fields"], message: "a thin route maps the fetched object: give fields (paths into the fetched JSON)" });
      }
      if (route.fetchedVersionPath && !route.thin) {
        ctx.addIssue({ code: "custom", path: ["fetchedVersionPath"], message: "only for thin routes (thin: true)" });
      }
      if (route.partial && route.kind === "product" && route.fields) {
        ctx.addIssue({
          code: "custom",
          path: ["partial"],
          message: "product routes cannot be partial: their variants and prices are written as one snapshot (remove partial, or send whole products)",
        });
      }
      if (route.action && route.actionPath) {
        ctx.addIssue({ code: "custom", path: ["actionPath"], message: "give either action or actionPath, not both" });
      }
      if (!route.fields) return;
      const allowed: readonly string[] | null =
        route.kind === "customer" ? CUSTOMER_FIELDS : route.kind === "product" ? PRODUCT_FIELDS : null;
      if (!allowed) {
        ctx.addIssue({
          code: "custom",
          path: ["fields"],
          message: `field mappings exist for customer and product routes only; ${route.kind} routes produce thin events`,
        });
        return;
      }
      for (const field of Object.keys(route.fields)) {
        if (!allowed.includes(field)) {
          ctx.addIssue({ code: "custom", path: ["fields", field], message: `unknown ${route.kind} field (known: ${allowed.join(", ")})` });
        }
      }
      if (route.kind === "product" && !route.fields.title) {
        ctx.addIssue({ code: "custom", path: ["fields", "title"], message: "a product field mapping needs title" });
      }
    });
}

export type Route = z.infer<ReturnType<typeof routeSchema>>;

/** The value at a dot path, or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (typeof current === "object" && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Json)[segment];
    } else return undefined;
  }
  return current;
}

/** A date string as epoch ms; ISO date-times without an offset (WooCommerce's `*_gmt`) are UTC. */
export function parseDateUtc(value: string): number {
  const text = value.trim();
  return Date.parse(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
}

/** Ordering value of a body field: numbers as they are, date strings as epoch ms; null if neither. */
export function versionFrom(value: unknown): { version: number; occurredAt: string | null } | null {
  if (typeof value === "number" && Number.isFinite(value)) return { version: value, occurredAt: null };
  if (typeof value !== "string" || value.trim() === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return { version: Number(value), occurredAt: null };
  const ms = parseDateUtc(value);
  return Number.isNaN(ms) ? null : { version: ms, occurredAt: isInstant(ms) ? new Date(ms).toISOString() : null };
}

/** "customer.created" -> "created", "store/customer/created" -> "created". */
export function lastSegment(eventType: string): string {
  const parts = eventType.split(/[./:]/).filter(Boolean);
  return parts[parts.length - 1] ?? eventType;
}

export interface RouteInput {
  provider: string;
  /** The sender's event type, as routed. */
  eventType: string;
  route: Route;
  body: unknown;
  /** Used when the route has no versionPath (e.g. the signed timestamp); null = version required. */
  fallbackVersion: number | null;
  /** ISO time of the event when the version is not a date (the signed timestamp or receipt). */
  fallbackOccurredAt: string;
}

/** One canonical event from a routed delivery. Throws MalformedPayloadError naming the path. */
export function routeEvent({ provider, eventType, route, body, fallbackVersion, fallbackOccurredAt }: RouteInput): CanonicalEvent {
  const externalId = scalarText(valueAt(body, route.idPath));
  if (!externalId) throw new MalformedPayloadError(`${eventType}: no id at "${route.idPath}" (idPath)`);

  let version: number;
  let occurredAt = fallbackOccurredAt;
  if (route.versionPath) {
    const found = versionFrom(valueAt(body, route.versionPath));
    if (!found) throw new MalformedPayloadError(`${eventType}: no number or date at "${route.versionPath}" (versionPath)`);
    version = found.version;
    occurredAt = found.occurredAt ?? fallbackOccurredAt;
  } else if (fallbackVersion !== null) {
    version = fallbackVersion;
  } else {
    throw new MalformedPayloadError(`${eventType}: the route has no versionPath`);
  }

  let action: "upsert" | "delete" = route.action ?? "upsert";
  if (route.actionPath) {
    const said = scalarText(valueAt(body, route.actionPath));
    action = said && DELETE_ACTIONS.has(said.toLowerCase()) ? "delete" : "upsert";
  }

  const envelope = {
    schema: CANONICAL_SCHEMA,
    provider,
    topic: eventType,
    type: route.type ?? `${route.kind}.${lastSegment(eventType)}`,
    externalId,
    version,
    occurredAt,
    action,
  };
  const thin = { thin: true as const, operation: eventType, resource: route.kind };
  // A thin route's fields map the object fetched later (generic-api.ts), not this body.
  const fields = route.thin ? undefined : route.fields;
  if (fields && route.kind === "customer") {
    const data = customerFrom(body, fields);
    if (!route.partial) return { ...envelope, kind: "customer", data };
    // The fields the body has (null included: cleared), as paths into CustomerData.
    const changed = Object.entries(fields)
      .filter(([, path]) => valueAt(body, path) !== undefined)
      .map(([field]) => (ADDRESS_FIELDS.includes(field as AddressField) ? `address.${field}` : field));
    return { ...envelope, kind: "customer", completeness: "partial", changed, data };
  }
  if (route.partial) return { ...envelope, completeness: "partial", kind: route.kind, data: thin } as CanonicalEvent;
  if (fields && route.kind === "product") {
    return { ...envelope, kind: "product", data: productFrom(body, fields, externalId, eventType) };
  }
  return { ...envelope, kind: route.kind, data: thin } as CanonicalEvent;
}

function field(body: unknown, fields: Record<string, string>, name: string): string | null {
  const path = fields[name];
  return path ? scalarText(valueAt(body, path)) : null;
}

const ADDRESS_FIELDS = ["street", "street2", "city", "zip", "stateCode", "countryCode"] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];

function customerFrom(body: unknown, fields: Record<string, string>): CustomerData {
  const get = (name: string) => field(body, fields, name);
  const firstName = get("firstName");
  const lastName = get("lastName");
  const hasAddress = ADDRESS_FIELDS.some((name) => get(name) !== null);
  const address: Address | null = hasAddress
    ? {
        name: fullName(firstName, lastName),
        company: get("company"),
        street: get("street"),
        street2: get("street2"),
        city: get("city"),
        zip: get("zip"),
        stateCode: get("stateCode"),
        countryCode: get("countryCode")?.toUpperCase() ?? null,
        phone: get("phone"),
      }
    : null;
  return { email: get("email"), firstName, lastName, phone: get("phone"), company: get("company"), address };
}

function productFrom(body: unknown, fields: Record<string, string>, externalId: string, eventType: string): ProductData {
  const get = (name: string) => field(body, fields, name);
  const currencyText = get("currency");
  const currency = currencyText && /^[A-Za-z]{3}$/.test(currencyText) ? currencyText.toUpperCase() : null;
  const activePath = fields.active;
  const amount = minorUnits(get("price"), currency, fields.price ?? "price");
  return {
    title: get("title") ?? "(untitled product)",
    vendor: get("vendor"),
    productType: get("productType"),
    active: activePath ? isActive(valueAt(body, activePath)) : true,
    // One variant per product: the generic payload has no variant structure to map.
    variants: [{ externalId, sku: get("sku"), barcode: get("barcode"), title: null, price: { amount, currency } }],
  };
}

/** true/false, 1/0, or a status word: "false", "inactive", "archived", "disabled", "draft" are inactive. */
function isActive(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return !["false", "0", "inactive", "archived", "disabled", "draft"].includes(value.trim().toLowerCase());
  return true;
}
