/**
 * The canonical event: one shape per entity kind whatever the provider, versioned by `schema`.
 * Providers normalize into it; the entity object orders it; the Odoo writers consume only it.
 *
 * Conventions: money is integer minor units plus an ISO 4217 currency; timestamps are ISO 8601
 * UTC; `version` is the provider's own ordering value for the entity (epoch milliseconds of its
 * `updated_at` for Shopify), compared only between events of the same entity.
 */
import * as z from "zod";
import { odooChangeSchema, OUTBOUND_FLOWS } from "../outbound/flow";

export const CANONICAL_SCHEMA = "router.event/v1" as const;

export const moneySchema = z.object({
  /** Integer amount in the currency's minor unit (cents for USD, yen for JPY). */
  amount: z.number().int(),
  currency: z.string().length(3).nullable(),
});
export type Money = z.infer<typeof moneySchema>;

export const addressSchema = z.object({
  name: z.string().nullable(),
  company: z.string().nullable(),
  street: z.string().nullable(),
  street2: z.string().nullable(),
  city: z.string().nullable(),
  zip: z.string().nullable(),
  stateCode: z.string().nullable(),
  countryCode: z.string().nullable(),
  phone: z.string().nullable(),
});
export type Address = z.infer<typeof addressSchema>;

/** A reference to another entity of the same source, e.g. the order a payment belongs to. */
export const entityRefSchema = z.object({ kind: z.string(), externalId: z.string() });

export const marketingConsentSchema = z.object({
  /** subscribed, unsubscribed (was subscribed), not_subscribed (never), pending, or other (invalid, redacted...). */
  state: z.enum(["subscribed", "unsubscribed", "not_subscribed", "pending", "other"]),
  updatedAt: z.string().nullable(),
});
export type MarketingConsent = z.infer<typeof marketingConsentSchema>;

export const customerDataSchema = z.object({
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  address: addressSchema.nullable(),
  /** The company entity the contact works for (Salesforce Contact.AccountId): its parent in Odoo. */
  parentCompany: entityRefSchema.nullable().optional(),
  /**
   * The provider's email marketing consent, when it reports one (Shopify `email_marketing_consent`):
   * `state` lower-case, `updatedAt` when it last changed (ISO). Written into Odoo's blacklist only
   * when newer than Odoo's entry (src/odoo/writers/email-consent.ts).
   */
  marketingConsent: marketingConsentSchema.nullable().optional(),
});
export type CustomerData = z.infer<typeof customerDataSchema>;

export const productVariantSchema = z.object({
  externalId: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  title: z.string().nullable(),
  price: moneySchema,
});

export const productDataSchema = z.object({
  title: z.string(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  active: z.boolean(),
  variants: z.array(productVariantSchema),
});
export type ProductData = z.infer<typeof productDataSchema>;

export const orderLineSchema = z.object({
  externalId: z.string(),
  productExternalId: z.string().nullable(),
  variantExternalId: z.string().nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number(),
  unitPrice: moneySchema,
  /** Total discount on the line, in minor units. */
  discount: moneySchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderDataSchema = z.object({
  /** The provider's human order number, e.g. Shopify "#1001". */
  name: z.string(),
  currency: z.string().length(3),
  email: z.string().nullable(),
  customer: z
    .object({ externalId: z.string() })
    .and(customerDataSchema)
    .nullable(),
  billingAddress: addressSchema.nullable(),
  shippingAddress: addressSchema.nullable(),
  lines: z.array(orderLineSchema),
  /** Shipping charged on the order, one entry per shipping method (title and price). */
  shipping: z.array(z.object({ title: z.string(), price: moneySchema })).default([]),
  total: moneySchema,
  financialStatus: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type OrderData = z.input<typeof orderDataSchema>;

export const companyDataSchema = z.object({
  name: z.string(),
  domain: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  vat: z.string().nullable(),
  address: addressSchema.nullable(),
});
export type CompanyData = z.infer<typeof companyDataSchema>;

export const paymentDataSchema = z.object({
  amount: moneySchema,
  /** succeeded | failed | pending | refunded | canceled */
  status: z.string(),
  order: entityRefSchema.nullable(),
  invoice: entityRefSchema.nullable(),
  customer: entityRefSchema.nullable(),
  method: z.string().nullable(),
  reference: z.string().nullable(),
});
export type PaymentData = z.infer<typeof paymentDataSchema>;

export const refundDataSchema = z.object({
  amount: moneySchema,
  status: z.string().nullable(),
  order: entityRefSchema.nullable(),
  payment: entityRefSchema.nullable(),
  reason: z.string().nullable(),
});
export type RefundData = z.infer<typeof refundDataSchema>;

export const invoiceLineSchema = z.object({
  description: z.string(),
  sku: z.string().nullable(),
  quantity: z.number(),
  unitPrice: moneySchema,
});

export const invoiceDataSchema = z.object({
  number: z.string().nullable(),
  /** draft | open | paid | void | uncollectible | overdue ... as the provider says it */
  status: z.string().nullable(),
  customer: entityRefSchema.nullable(),
  currency: z.string().length(3).nullable(),
  lines: z.array(invoiceLineSchema),
  total: moneySchema.nullable(),
  amountDue: moneySchema.nullable(),
  issuedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
});
export type InvoiceData = z.infer<typeof invoiceDataSchema>;

export const dealDataSchema = z.object({
  title: z.string().nullable(),
  amount: moneySchema.nullable(),
  /** The provider's stage id or name; mapped to an Odoo stage by the tenant's routing. */
  stage: z.string().nullable(),
  /** open | won | lost */
  status: z.string().nullable(),
  company: entityRefSchema.nullable(),
  contact: entityRefSchema.nullable(),
  closeDate: z.string().nullable(),
  /** Property changes of a thin "propertyChange" event (HubSpot), name -> new value. */
  changes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});
export type DealData = z.infer<typeof dealDataSchema>;

export const ticketDataSchema = z.object({
  subject: z.string().nullable(),
  description: z.string().nullable(),
  status: z.string().nullable(),
  priority: z.string().nullable(),
  requesterEmail: z.string().nullable(),
  requesterName: z.string().nullable(),
  /** The requester as a customer entity of the same source (Zendesk requester_id -> its user). */
  requester: entityRefSchema.nullable().optional(),
});
export type TicketData = z.infer<typeof ticketDataSchema>;

export const inventoryDataSchema = z.object({
  sku: z.string().nullable(),
  inventoryItemId: z.string().nullable(),
  locationId: z.string().nullable(),
  available: z.number().nullable(),
});
export type InventoryData = z.infer<typeof inventoryDataSchema>;

/**
 * A thin event: the provider said "entity X changed" without its data (QuickBooks, Xero, Stripe
 * thin events, HubSpot property changes without values). Writing it needs a fetch from the
 * provider's API first.
 */
export const thinDataSchema = z.object({
  thin: z.literal(true),
  /** create | update | delete | merge | void | ... as the provider names it */
  operation: z.string(),
  /** The provider's name of the resource, e.g. "Invoice", "contacts". */
  resource: z.string(),
});
export type ThinData = z.infer<typeof thinDataSchema>;

const envelope = {
  schema: z.literal(CANONICAL_SCHEMA),
  provider: z.string(),
  /** The provider's own event name, e.g. "orders/updated". */
  topic: z.string(),
  /** Canonical type, e.g. "order.updated". */
  type: z.string(),
  externalId: z.string().min(1),
  version: z.number(),
  occurredAt: z.string(),
  /** "delete" when the provider removed the entity (writers archive it), else "upsert". */
  action: z.enum(["upsert", "delete"]).default("upsert"),
  /**
   * "full" (the default): `data` is a snapshot of the entity, a newer one replaces an older one.
   * "partial": `data` carries only the fields named in `changed` (a HubSpot property change, a
   * generic route declared `partial`); every other field of `data` is "not part of this event" and
   * is left as it is in Odoo. Partial changes are ordered and coalesced field by field
   * (src/entity/entity-store.ts).
   */
  completeness: z.enum(["full", "partial"]).default("full"),
  /**
   * Of a partial event: the data fields it carries, as dotted paths into `data` ("title",
   * "address.city", "changes.dealstage" for one property of a HubSpot change).
   */
  changed: z.array(z.string().min(1)).optional(),
};

const kind = <K extends string, D extends z.ZodType>(name: K, data: D) =>
  z.object({ ...envelope, kind: z.literal(name), data: z.union([data, thinDataSchema]) });

export const canonicalEventSchema = z.discriminatedUnion("kind", [
  kind("customer", customerDataSchema),
  kind("company", companyDataSchema),
  kind("product", productDataSchema),
  kind("order", orderDataSchema),
  kind("payment", paymentDataSchema),
  kind("refund", refundDataSchema),
  kind("invoice", invoiceDataSchema),
  kind("deal", dealDataSchema),
  kind("ticket", ticketDataSchema),
  kind("inventory", inventoryDataSchema),
  // The way back (src/outbound/flow.ts): changes seen in Odoo, one kind per outbound flow, on the
  // tenant's Odoo source. Their data is a hint (which Odoo records changed), never a snapshot.
  ...OUTBOUND_FLOWS.map((flow) => z.object({ ...envelope, kind: z.literal(flow), data: odooChangeSchema })),
]);
export type CanonicalEvent = z.input<typeof canonicalEventSchema>;
export type EntityKind = CanonicalEvent["kind"];
/** The kinds providers send (routes and the Odoo check read this list): the outbound kinds are Odoo's own. */
export type InboundKind = Exclude<EntityKind, (typeof OUTBOUND_FLOWS)[number]>;
export const ENTITY_KINDS = canonicalEventSchema.options
  .map((o) => o.shape.kind.value)
  .filter((k) => !(OUTBOUND_FLOWS as readonly string[]).includes(k)) as [InboundKind, ...InboundKind[]];
export type EventOfKind<K extends EntityKind> = Extract<CanonicalEvent, { kind: K }>;

/** Whether an event carries only some fields of its entity (see `completeness`). */
export const isPartial = (event: Pick<CanonicalEvent, "completeness">): boolean => event.completeness === "partial";

/** The data fields a partial event carries (empty for a full snapshot, which carries them all). */
export const changedFields = (event: Pick<CanonicalEvent, "completeness" | "changed">): string[] =>
  isPartial(event) ? [...(event.changed ?? [])] : [];

/** The value at a dotted data path ("changes.dealstage"), or undefined when the data has none. */
export function dataValue(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A copy of `data` with the value at a dotted path set (objects on the way created as needed). */
export function withDataValue<T>(data: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const record = { ...(data as Record<string, unknown>) };
  if (rest.length === 0) record[head!] = value;
  else {
    const inner = record[head!];
    record[head!] = withDataValue(typeof inner === "object" && inner !== null ? inner : {}, rest.join("."), value);
  }
  return record as T;
}

/**
 * What a writer may write from an event: a full snapshot's data as it is; of a partial change only
 * the fields it carries, every other top-level field null ("not part of this event").
 */
export function carriedData<T>(event: { completeness?: "full" | "partial"; changed?: string[]; data: T }): T {
  if (!isPartial(event)) return event.data;
  let carried = Object.fromEntries(Object.keys(event.data as object).map((key) => [key, null])) as T;
  for (const path of changedFields(event)) carried = withDataValue(carried, path, dataValue(event.data, path) ?? null);
  return carried;
}

/**
 * Fields written to Odoo as one value (a partner's name is "first last"): a partial change that
 * carries some of them is completed, when written, with the entity's newest known value of the
 * others (entity/partial-changes.ts `withCompanions`).
 */
export const WRITTEN_TOGETHER: Partial<Record<EntityKind, readonly (readonly string[])[]>> = {
  customer: [["firstName", "lastName"]],
};

export const isThin = (data: unknown): data is ThinData =>
  typeof data === "object" && data !== null && (data as { thin?: unknown }).thin === true;

/** Minor-unit exponents that differ from 2 (ISO 4217). */
const CURRENCY_EXPONENT: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string | null): number {
  return (currency ? CURRENCY_EXPONENT[currency.toUpperCase()] : undefined) ?? 2;
}

/**
 * "19.99" + "USD" -> 1999. Decimal strings are parsed exactly, without float rounding. Throws a
 * RangeError for anything else ("12,50", "1e21", "abc") and for amounts whose minor units are
 * beyond 2^53 (they would lose digits): providers call it through `minorUnits`
 * (providers/required-values.ts), which names the field.
 */
export function toMinorUnits(decimal: string | number | null | undefined, currency: string | null): number {
  if (decimal === null || decimal === undefined || decimal === "") return 0;
  // toFixed keeps numbers out of exponent notation (1e-7); it gives it back from 1e21 up, refused below.
  const text = typeof decimal === "number" ? (Number.isFinite(decimal) ? decimal.toFixed(10) : String(decimal)) : decimal.trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal amount: ${text.length > 40 ? `${text.slice(0, 40)}...` : text}`);
  const [, sign, whole = "", frac = ""] = match;
  const exponent = currencyExponent(currency);
  const fraction = (frac + "0".repeat(exponent)).slice(0, exponent);
  const rest = frac.slice(exponent);
  let minor = Number((whole || "0") + fraction);
  if (rest && Number(rest[0]) >= 5) minor += 1; // round half up on the dropped digits
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${sign}${whole} is too large`);
  return sign ? -minor : minor;
}

/**
 * The instants the router accepts (epoch ms): years 0001 to 9999, the range of Odoo's (Python's)
 * dates. JavaScript dates go further (year 275760), but such a date cannot be written to Odoo.
 */
export const EARLIEST_INSTANT_MS = -62_135_596_800_000;
export const LATEST_INSTANT_MS = 253_402_300_799_999;

export function isInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/**
 * A canonical date field (`closeDate`, `issuedAt`...) as epoch ms: ISO 8601 text, or epoch
 * milliseconds as digits (HubSpot's `closedate`). Null when unreadable or out of range.
 */
export function dateFieldMillis(value: string): number | null {
  const ms = /^\d{10,}$/.test(value) ? Number(value) : Date.parse(value);
  return isInstant(ms) ? ms : null;
}

/** Minor units back to the decimal number Odoo's float/monetary fields take. */
export function toDecimal(money: Money): number {
  return money.amount / 10 ** currencyExponent(money.currency);
}
