/**
 * Xero Accounting API client: reads the Contacts and Invoices behind the thin webhook events
 * (src/providers/xero.ts), the invoices' payments, and lists what changed.
 *
 * Sources (checked December 2026): XeroAPI/Xero-OpenAPI `xero_accounting.yaml` (e952d0b; paths,
 * the `xero-tenant-id` header, `IDs`, `page`, `If-Modified-Since`, `includeArchived`, the
 * Invoice/Contact/Payment/Pagination schemas and their `/Date(ms+0000)/` timestamps); XeroAPI/
 * xero-node `src/XeroClient.ts` (token endpoint, Basic client auth); developer.xero.com/faq/oauth2
 * (30-minute access tokens; the refresh token rotates on every refresh); developer.xero.com/faq/
 * limits and XeroAPI/xero-node#634 (per tenant: 60 calls a minute, 5 in flight, 5,000 a day —
 * 1,000 on the Starter tier since 2026-03 —; 429 with `Retry-After` and `X-Rate-Limit-Problem`
 * naming the limit: "minute", "day"...; a day-limit Retry-After can be hours, which the session
 * hands to the gate as it is).
 *
 * - Host `https://api.xero.com`, paths under `/api.xro/2.0/` (there is no sandbox host: the Demo
 *   Company is another tenant, and tests set `baseUrl`).
 * - Hydration: `GET /Contacts?IDs=a,b&includeArchived=true` and `GET /Invoices?IDs=a,b&page=1`,
 *   50 ids per call (about 52 GUIDs fit before the URL is too long: XeroAPI/Xero-OpenAPI#534).
 *   `page` is sent because Xero lists invoices WITH their line items only when paging (spec:
 *   "Up to 100 invoices ... with line items shown for each invoice"); `includeArchived` so an
 *   archived contact is seen as archived, not missing.
 * - Payments: taken from the invoice's own `Payments` array (PaymentID, Date, Amount, Reference),
 *   not from `/Payments`: it costs no call (60 a minute, 5,000 a day, egress billed since 2026),
 *   Xero sends no payment webhooks (a payment shows as an INVOICE update), and `/Payments` has no
 *   `IDs` filter. A payment's version is its `Date`: a payment is not edited in Xero (it is
 *   deleted and made again, with a new id), so every read of the invoice yields the same version
 *   and a re-read is a duplicate, not a new write. A deleted payment leaves the invoice's array.
 * - Deleted upstream: a contact ARCHIVED, an invoice DELETED (a deleted draft) or absent.
 *   A VOIDED invoice is still an invoice, with status "void".
 * - Change listing: `If-Modified-Since: <ISO>` with `page=1,2,...` (100 per page) and
 *   `order=UpdatedDateUTC ASC`, Contacts then Invoices; the cursor says which list and page is next.
 * - Errors: 400 `{ErrorNumber, Type:"ValidationException", Message, Elements}` -> data; 401
 *   (`TokenExpired`) -> the session refreshes once, then auth; 403 (tenant disconnected, scope) ->
 *   config; 404 -> not_found; 429/5xx -> transient.
 *
 * Canonical events keep the webhook module's identity: externalId = the resource's GUID
 * (ContactID, InvoiceID; PaymentID for payments) and version = `UpdatedDateUTC` in epoch ms (the
 * webhook's `eventDateUtc` is that update's time).
 */
import * as z from "zod";
import { CANONICAL_SCHEMA, type CanonicalEvent, type CustomerData, type EntityKind, type InvoiceData, type PaymentData } from "../events/canonical";
import { object, objectsIn, trimmedText, type Json } from "./json-values";
import { refreshGrant } from "./oauth2-token-form";
import { MalformedPayloadError, type NormalizedEvent } from "./provider";
import { ProviderApiError, type ApiSession, type ChangePage, type ChangeWindow, type Hydrated, type ProviderApi } from "./provider-api";
import { minorUnits } from "./required-values";

export const XERO_TOKEN_URL = "https://identity.xero.com/connect/token";
export const XERO_PRODUCTION_URL = "https://api.xero.com";
const ACCOUNTING = "/api.xro/2.0";
/** GUIDs per `IDs=` call: about 52 fit in Xero's URL limit (XeroAPI/Xero-OpenAPI#534). */
const IDS_PER_CALL = 50;
/** Xero's page size for Contacts and Invoices (spec: "Up to 100 ... in a single API call"). */
const PAGE_SIZE = 100;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const credentialsSchema = z
  .object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
    /** The organisation (`tenantId` of GET https://api.xero.com/connections), sent as `xero-tenant-id`. */
    tenantId: z.string().regex(GUID, "the Xero tenant id is a GUID (GET https://api.xero.com/connections lists them)"),
  })
  .strict();
export type XeroCredentials = z.infer<typeof credentialsSchema>;

/** Xero resource (the webhook module's `resource`) -> canonical kind. */
const RESOURCES = { Contacts: "customer", Invoices: "invoice" } as const;
type Resource = keyof typeof RESOURCES;
const isResource = (name: string): name is Resource => Object.hasOwn(RESOURCES, name);

export const xeroApi: ProviderApi<XeroCredentials> = {
  credentialsSchema,
  publicFields: ["clientId", "tenantId"],
  defaultBaseUrl: () => XERO_PRODUCTION_URL,
  auth: {
    kind: "oauth2",
    initialRefreshToken: (credentials) => credentials.refreshToken,
    refresh(fetch, credentials, refreshToken) {
      if (!refreshToken) throw new ProviderApiError("auth", "Xero needs a refresh token (reconnect the app)");
      return refreshGrant(fetch, {
        provider: "Xero",
        tokenUrl: XERO_TOKEN_URL,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken,
      });
    },
    headers: (credentials, accessToken) => ({ authorization: `Bearer ${accessToken}`, "xero-tenant-id": credentials.tenantId }),
  },
  // Per tenant: 60 calls a minute and 5 in flight. The day limit (5,000, or 1,000 on Starter) is
  // not a window the gate keeps: reaching it is a 429 whose Retry-After (hours) pauses the source.
  limits: { calls: { count: 60, perSeconds: 60 }, concurrent: 5 },
  hydrates: Object.keys(RESOURCES),
  changeHorizonDays: null,
  // UpdatedDateUTC is written when the change commits: a minute of overlap covers a change being
  // committed while the previous listing ran.
  changeOverlapSeconds: 60,

  async hydrate(session, refs) {
    const result = new Map<string, Hydrated>();
    const byResource = new Map<Resource, string[]>();
    for (const ref of refs) {
      // A ref this client cannot read fails alone; the others of the batch are read.
      if (!isResource(ref.resource)) {
        result.set(ref.externalId, { status: "failed", error: new ProviderApiError("config", `Xero ${ref.resource} is not read by this client (it reads Contacts, Invoices)`) });
      } else if (!GUID.test(ref.externalId)) {
        result.set(ref.externalId, { status: "failed", error: new ProviderApiError("data", `Xero ${ref.resource} id ${JSON.stringify(ref.externalId.slice(0, 60))} is not a GUID`) });
      } else {
        byResource.set(ref.resource, [...(byResource.get(ref.resource) ?? []), ref.externalId]);
      }
    }
    for (const [resource, ids] of byResource) {
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += IDS_PER_CALL) {
        const chunk = unique.slice(i, i + IDS_PER_CALL);
        const found = await readByIds(session, resource, chunk);
        for (const id of chunk) {
          const item = found.get(id.toLowerCase());
          if (!item || isDeleted(resource, item)) result.set(id, { status: "deleted" });
          else result.set(id, readable(resource, item));
        }
      }
    }
    return result;
  },

  async listChanges(session, window, kinds) {
    return changesPage(session, window, kinds);
  },
};

/**
 * The item as an event, or the one failure of this item: a bill (ACCPAY; the INVOICE webhook
 * category covers bills too) or an item Xero sent in a shape this client cannot read.
 */
function readable(resource: Resource, item: Json): Hydrated {
  try {
    const event = toCanonical(resource, item);
    // Xero sends no payment webhooks: an invoice's payments come with it.
    return resource === "Invoices" ? { status: "found", event, related: invoicePayments(item).map(listedPayment) } : { status: "found", event };
  } catch (err) {
    if (err instanceof ProviderApiError) return { status: "failed", error: err };
    throw err;
  }
}

async function readByIds(session: ApiSession, resource: Resource, ids: string[]): Promise<Map<string, Json>> {
  const query: Record<string, string | number> = { IDs: ids.join(",") };
  if (resource === "Invoices") query.page = 1;
  else query.includeArchived = "true";
  const response = await session.request({ path: `${ACCOUNTING}/${resource}`, query, what: `Xero ${resource} read (${ids.length})` });
  const found = new Map<string, Json>();
  for (const item of listOf(response.json, resource)) {
    const id = trimmedText(item[idField(resource)]);
    if (id) found.set(id.toLowerCase(), item);
  }
  return found;
}

const idField = (resource: Resource) => (resource === "Contacts" ? "ContactID" : "InvoiceID");

function listOf(json: unknown, resource: Resource): Json[] {
  const body = object(json);
  if (!body || !Array.isArray(body[resource])) throw new ProviderApiError("data", `Xero ${resource}: the answer has no "${resource}" array`);
  return objectsIn(body[resource]);
}

function isDeleted(resource: Resource, item: Json): boolean {
  if (resource === "Contacts") return item.ContactStatus === "ARCHIVED";
  return item.Status === "DELETED";
}

/** Listing cursor: which resource (index into the listed ones) and which page comes next. */
interface Cursor {
  list: number;
  page: number;
}

async function changesPage(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage> {
  // Payments come with their invoices: listing payments lists invoices.
  const lists: Resource[] = [];
  if (kinds.includes("customer")) lists.push("Contacts");
  if (kinds.includes("invoice") || kinds.includes("payment")) lists.push("Invoices");
  if (lists.length === 0) return { events: [], cursor: null };
  const at = parseCursor(window.cursor);
  const resource = lists[at.list];
  if (!resource) return { events: [], cursor: null };
  const query: Record<string, string | number> = { page: at.page, order: "UpdatedDateUTC ASC" };
  if (resource === "Contacts") query.includeArchived = "true";
  // Bills (ACCPAY) are not customer invoices: not listed.
  else query.where = 'Type=="ACCREC"';
  const response = await session.request({
    path: `${ACCOUNTING}/${resource}`,
    query,
    headers: { "if-modified-since": new Date(window.since).toISOString() },
    what: `Xero ${resource} changed since ${new Date(window.since).toISOString()} (page ${at.page})`,
  });
  const items = listOf(response.json, resource);
  const events: NormalizedEvent[] = [];
  for (const item of items) {
    const id = trimmedText(item[idField(resource)]);
    if (!id) throw new ProviderApiError("data", `Xero ${resource}: an item has no ${idField(resource)}`);
    const version = updatedAt(item, `Xero ${resource} ${id}`);
    // If-Modified-Since has no upper bound: later changes belong to the next window.
    if (version >= window.until) continue;
    const event = isDeleted(resource, item) ? deletionEvent(resource, id, version) : toCanonical(resource, item);
    if (resource === "Invoices" && kinds.includes("invoice")) events.push({ deliveryId: `${id}@${version}`, event });
    if (resource === "Contacts") events.push({ deliveryId: `${id}@${version}`, event });
    if (resource === "Invoices" && kinds.includes("payment") && !isDeleted(resource, item)) {
      events.push(...invoicePayments(item).map(listedPayment));
    }
  }
  const pageCount = Number(object(object(response.json)?.pagination)?.pageCount);
  const more = Number.isFinite(pageCount) ? at.page < pageCount : items.length >= PAGE_SIZE;
  const next: Cursor | null = more ? { list: at.list, page: at.page + 1 } : at.list + 1 < lists.length ? { list: at.list + 1, page: 1 } : null;
  return { events, cursor: next ? JSON.stringify(next) : null };
}

function parseCursor(cursor: string | null): Cursor {
  if (cursor === null) return { list: 0, page: 1 };
  try {
    const parsed = JSON.parse(cursor) as Partial<Cursor>;
    if (Number.isInteger(parsed.list) && Number.isInteger(parsed.page) && parsed.page! >= 1) return { list: parsed.list!, page: parsed.page! };
  } catch {
    // fall through
  }
  throw new ProviderApiError("data", `Xero change listing: the cursor ${JSON.stringify(cursor.slice(0, 60))} is not one this client made`);
}

/** Xero's JSON dates: `/Date(1541176648927+0000)/` (epoch ms, UTC) or ISO text. */
export function xeroMillis(value: unknown): number | null {
  const text = trimmedText(value);
  if (!text) return null;
  const wrapped = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
  if (wrapped) return Number(wrapped[1]);
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function updatedAt(item: Json, what: string): number {
  const ms = xeroMillis(item.UpdatedDateUTC);
  if (ms === null) throw new ProviderApiError("data", `${what}: "UpdatedDateUTC" is not a date`);
  return ms;
}

function deletionEvent(resource: Resource, id: string, version: number): CanonicalEvent {
  const kind = RESOURCES[resource];
  return {
    schema: CANONICAL_SCHEMA,
    provider: "xero",
    topic: `${resource === "Contacts" ? "CONTACT" : "INVOICE"}.UPDATE`,
    type: `${kind}.deleted`,
    externalId: id,
    version,
    occurredAt: new Date(version).toISOString(),
    action: "delete",
    kind,
    data: { thin: true, operation: "delete", resource },
  } as CanonicalEvent;
}

/** A fetched Contact or Invoice as the full canonical event of its kind. */
export function toCanonical(resource: Resource, item: Json): CanonicalEvent {
  const id = trimmedText(item[idField(resource)]) ?? "";
  const what = `Xero ${resource} ${id}`;
  const version = updatedAt(item, what);
  const kind = RESOURCES[resource];
  let data: CustomerData | InvoiceData;
  try {
    data = resource === "Contacts" ? contactData(item) : invoiceData(item, what);
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw new ProviderApiError("data", `${what}: ${err.message}`);
    throw err;
  }
  return {
    schema: CANONICAL_SCHEMA,
    provider: "xero",
    topic: resource === "Contacts" ? "CONTACT" : "INVOICE",
    type: `${kind}.updated`,
    externalId: id,
    version,
    occurredAt: new Date(version).toISOString(),
    action: "upsert",
    kind,
    data,
  } as CanonicalEvent;
}

function contactData(c: Json): CustomerData {
  const first = trimmedText(c.FirstName);
  const last = trimmedText(c.LastName);
  const name = trimmedText(c.Name);
  const person = [first, last].filter(Boolean).join(" ");
  const addresses = objectsIn(c.Addresses);
  // Xero keeps a POBOX (postal) and a STREET address; the postal one is where invoices go.
  const address = addresses.find((a) => a.AddressType === "POBOX" && trimmedText(a.AddressLine1)) ?? addresses.find((a) => trimmedText(a.AddressLine1)) ?? null;
  const phones = objectsIn(c.Phones);
  const phoneOf = (p: Json | undefined) => (p ? [trimmedText(p.PhoneCountryCode), trimmedText(p.PhoneAreaCode), trimmedText(p.PhoneNumber)].filter(Boolean).join(" ") || null : null);
  const phone = phoneOf(phones.find((p) => p.PhoneType === "DEFAULT" && trimmedText(p.PhoneNumber))) ?? phoneOf(phones.find((p) => trimmedText(p.PhoneNumber)));
  const country = trimmedText(address?.Country);
  return {
    email: trimmedText(c.EmailAddress),
    firstName: first,
    // Name is the contact's (often an organisation's) display name: the partner's name when no person is named.
    lastName: last ?? (first ? null : name),
    phone,
    company: name && person && name !== person ? name : null,
    address: address
      ? {
          name: trimmedText(address.AttentionTo) ?? name,
          company: name && person && name !== person ? name : null,
          street: trimmedText(address.AddressLine1),
          street2: [address.AddressLine2, address.AddressLine3, address.AddressLine4].map(trimmedText).filter(Boolean).join(", ") || null,
          city: trimmedText(address.City),
          zip: trimmedText(address.PostalCode),
          stateCode: trimmedText(address.Region),
          // Xero's Country is free text: only an ISO 3166-1 alpha-2 code is a code.
          countryCode: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
          phone,
        }
      : null,
  };
}

/** DRAFT and SUBMITTED (awaiting approval) are drafts; AUTHORISED is open (posted in Odoo). */
const INVOICE_STATUS: Record<string, string> = { DRAFT: "draft", SUBMITTED: "draft", AUTHORISED: "open", PAID: "paid", VOIDED: "void", DELETED: "void" };

function invoiceData(inv: Json, what: string): InvoiceData {
  const currency = trimmedText(inv.CurrencyCode)?.toUpperCase() ?? null;
  const money = (value: unknown, field: string) => ({ amount: minorUnits(typeof value === "number" || typeof value === "string" ? value : null, currency, `${what} ${field}`), currency });
  const type = trimmedText(inv.Type);
  if (type !== "ACCREC") {
    // A bill (ACCPAY) is money the organisation owes: not a customer invoice.
    throw new ProviderApiError("data", `${what} is of type ${type ?? "(none)"}: only sales invoices (ACCREC) are customer invoices`);
  }
  const lines: InvoiceData["lines"] = objectsIn(inv.LineItems).map((line) => {
    const quantity = typeof line.Quantity === "number" ? line.Quantity : 1;
    const discounted = Boolean(line.DiscountRate || line.DiscountAmount);
    // LineAmount is after the line's discount: its unit price keeps the invoice's total.
    const unitPrice = discounted && quantity ? { amount: Math.round(money(line.LineAmount, "LineItems.LineAmount").amount / quantity), currency } : money(line.UnitAmount, "LineItems.UnitAmount");
    return { description: trimmedText(line.Description) ?? trimmedText(line.ItemCode) ?? "Item", sku: trimmedText(line.ItemCode), quantity, unitPrice };
  });
  // Tax-exclusive invoices add their tax on top of the lines: one line for it keeps the totals equal.
  const tax = money(inv.TotalTax ?? 0, "TotalTax");
  if (inv.LineAmountTypes === "Exclusive" && tax.amount) lines.push({ description: "Tax", sku: null, quantity: 1, unitPrice: tax });
  const contact = trimmedText(object(inv.Contact)?.ContactID);
  const date = (value: unknown) => {
    const ms = xeroMillis(value);
    return ms === null ? null : new Date(ms).toISOString();
  };
  return {
    number: trimmedText(inv.InvoiceNumber),
    status: INVOICE_STATUS[trimmedText(inv.Status) ?? ""] ?? trimmedText(inv.Status)?.toLowerCase() ?? null,
    customer: contact ? { kind: "customer", externalId: contact } : null,
    currency,
    lines,
    total: money(inv.Total, "Total"),
    amountDue: money(inv.AmountDue, "AmountDue"),
    issuedAt: date(inv.DateString ?? inv.Date),
    dueAt: date(inv.DueDateString ?? inv.DueDate),
  };
}

/** The payments listed on an invoice, as payment events (see the header for their version). */
export function invoicePayments(inv: Json): EventOfPayment[] {
  const invoiceId = trimmedText(inv.InvoiceID);
  const contact = trimmedText(object(inv.Contact)?.ContactID);
  const currency = trimmedText(inv.CurrencyCode)?.toUpperCase() ?? null;
  return objectsIn(inv.Payments).map((p) => {
    const id = trimmedText(p.PaymentID);
    const what = `Xero payment ${id ?? "(no PaymentID)"} of invoice ${invoiceId}`;
    if (!id) throw new ProviderApiError("data", `${what}: no "PaymentID"`);
    const version = xeroMillis(p.Date);
    if (version === null) throw new ProviderApiError("data", `${what}: "Date" is not a date`);
    let amount: number;
    try {
      amount = minorUnits(typeof p.Amount === "number" ? p.Amount : null, currency, `${what} Amount`);
    } catch (err) {
      if (err instanceof MalformedPayloadError) throw new ProviderApiError("data", err.message);
      throw err;
    }
    const data: PaymentData = {
      amount: { amount, currency },
      // Listed on the invoice = applied to it (a deleted payment leaves the list).
      status: "succeeded",
      order: null,
      invoice: invoiceId ? { kind: "invoice", externalId: invoiceId } : null,
      customer: contact ? { kind: "customer", externalId: contact } : null,
      method: null,
      reference: trimmedText(p.Reference),
    };
    return {
      schema: CANONICAL_SCHEMA,
      provider: "xero",
      topic: "INVOICE",
      type: "payment.updated",
      externalId: id,
      version,
      occurredAt: new Date(version).toISOString(),
      action: "upsert",
      kind: "payment",
      data,
    };
  });
}
/** A payment as an event to feed: the same payment version read again has the same delivery id. */
const listedPayment = (payment: EventOfPayment): NormalizedEvent => ({ deliveryId: `${payment.externalId}@${payment.version}`, event: payment });

type EventOfPayment = Extract<CanonicalEvent, { kind: "payment" }> & { version: number; externalId: string };
