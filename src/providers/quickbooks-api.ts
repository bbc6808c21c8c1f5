/**
 * QuickBooks Online Accounting API v3 client: reads the Customer, Invoice, Payment and Item behind
 * the thin webhook events (src/providers/quickbooks.ts) and lists what changed (CDC).
 *
 * Sources (checked December 2026):
 * - OAuth2: intuit/oauth-jsclient `src/OAuthClient.js` (token endpoint, Basic client auth, form
 *   body); access tokens live 60 min; the refresh token may change on any refresh ("always store
 *   the latest refresh_token value", Intuit publishing requirements) and a used one is refused with
 *   `invalid_grant` (oauth2-refresh-grant.ts).
 * - Hosts: production `https://quickbooks.api.intuit.com`, sandbox
 *   `https://sandbox-quickbooks.api.intuit.com` (set as the connection's `baseUrl`); the token
 *   endpoint is the same for both.
 * - `minorversion=75` on every call: since 2025-08-01 Intuit ignores minor versions 1-74 and runs
 *   every request as 75 (Intuit blog 2025-01-21); pinning it says which shape this code reads.
 * - Limits (developer.intuit.com/app/developer/qbo/docs/learn/limits-and-throttles; Intuit blog
 *   2016-08-08 "concurrent API use changes"): 500 requests per minute per realm, 10 per second per
 *   realm and app, 10 concurrent requests per realm and app; 429 when exceeded ("wait 60 seconds").
 * - Reads: `GET /v3/company/{realmId}/query?query=select * from Invoice where Id in ('1','2')` ->
 *   `{"QueryResponse":{"Invoice":[...],"startPosition":1,"maxResults":2},"time":...}` (an empty
 *   result is `{"QueryResponse":{}}`). One query per entity type rather than `/batch`: the batch
 *   endpoint has its own, smaller budget (40 batch requests per minute per realm and app, 10 to 30
 *   payloads each) while a query reads up to 1,000 objects for one call of the 500/min budget.
 *   A query returns only active Customers and Items by default, so a deleted (made inactive) one is
 *   simply absent: both "absent" and `Active=false` are "deleted upstream".
 * - Change listing: `GET /v3/company/{realmId}/cdc?entities=Invoice,Payment&changedSince=<ISO>` ->
 *   `{"CDCResponse":[{"QueryResponse":[{"Invoice":[...]},{"Payment":[...]}]}]}`, full objects,
 *   deletions as `{"status":"Deleted","Id","MetaData":{"LastUpdatedTime"}}`; at most 30 days back
 *   and 1,000 objects per answer (change-data-capture page). A full answer is not trusted: the
 *   window is listed again per entity with `where MetaData.LastUpdatedTime >= ... ORDERBY
 *   MetaData.LastUpdatedTime STARTPOSITION n MAXRESULTS 1000` (query page), which pages but does
 *   not return deleted transactions (inactive Customers/Items are asked for and are deletions).
 * - Errors (handling-common-errors, error-codes pages): `{"Fault":{"Error":[{"Message","Detail",
 *   "code","element"}],"type":"ValidationFault|SystemFault|AuthenticationFault|..."}}`, also inside
 *   a 200. 401 / code 3200 -> auth (the session refreshes once first); 403 / 3100 -> config; 429 /
 *   "ThrottleExceeded" -> transient; other faults -> data.
 *
 * Canonical events keep the webhook module's identity: externalId `<realmId>:<Id>` (ids are small
 * integers per company) and version = `MetaData.LastUpdatedTime` in epoch ms (the webhook's
 * `lastUpdated` / CloudEvents `time` is that same instant).
 */
import * as z from "zod";
import type { CanonicalEvent, CustomerData, EntityKind, InvoiceData, PaymentData, ProductData } from "../events/canonical";
import { CANONICAL_SCHEMA } from "../events/canonical";
import { object, objectsIn, trimmedText, type Json } from "./json-values";
import { refreshGrant } from "./oauth2-token-form";
import { MalformedPayloadError, type NormalizedEvent } from "./provider";
import { ProviderApiError, type ApiRequest, type ApiResponse, type ApiSession, type ChangePage, type ChangeWindow, type Hydrated, type ProviderApi, type ThinRef } from "./provider-api";
import { minorUnits } from "./required-values";
import { parseInstant } from "./schemes/iso-instant";

export const QUICKBOOKS_TOKEN_URL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer";
export const QUICKBOOKS_PRODUCTION_URL = "https://quickbooks.api.intuit.com";
/** Pinned: every request runs as 75 since 2025-08-01 (see above). */
export const QUICKBOOKS_MINOR_VERSION = 75;
/** Ids per `where Id in (...)` query: well under the 1,000 results a query returns, and a short URL. */
const IDS_PER_QUERY = 100;
/** The CDC answer's documented maximum: an answer this full may have left changes out. */
const CDC_MAX_OBJECTS = 1000;

const credentialsSchema = z
  .object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
    /** The company id the OAuth redirect returned next to `code` (digits). */
    realmId: z.string().regex(/^\d+$/, "the QuickBooks company id (realmId) is digits"),
  })
  .strict();
export type QuickBooksCredentials = z.infer<typeof credentialsSchema>;

/** QBO entity -> canonical kind (the webhook module's routed entities). */
const ENTITY_KINDS = { Customer: "customer", Invoice: "invoice", Payment: "payment", Item: "product" } as const;
type Entity = keyof typeof ENTITY_KINDS;
const ENTITIES = Object.keys(ENTITY_KINDS) as Entity[];
const isEntity = (name: string): name is Entity => Object.hasOwn(ENTITY_KINDS, name);

export const quickbooksApi: ProviderApi<QuickBooksCredentials> = {
  credentialsSchema,
  publicFields: ["clientId", "realmId"],
  defaultBaseUrl: () => QUICKBOOKS_PRODUCTION_URL,
  auth: {
    kind: "oauth2",
    initialRefreshToken: (credentials) => credentials.refreshToken,
    refresh(fetch, credentials, refreshToken) {
      if (!refreshToken) throw new ProviderApiError("auth", "QuickBooks needs a refresh token (reconnect the app)");
      return refreshGrant(fetch, {
        provider: "QuickBooks",
        tokenUrl: QUICKBOOKS_TOKEN_URL,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken,
      });
    },
    headers: (_credentials, accessToken) => ({ authorization: `Bearer ${accessToken}` }),
  },
  // 10/s per realm and app and 500/min per realm: 8 per second keeps within both (480/min).
  limits: { calls: { count: 8, perSeconds: 1 }, concurrent: 10 },
  hydrates: ENTITIES,
  changeHorizonDays: 30,
  // LastUpdatedTime has second precision and CDC is "changed since": a little overlap re-reads
  // the boundary second (unchanged versions are duplicates, so it costs no write).
  changeOverlapSeconds: 60,

  async hydrate(session, refs) {
    const realmId = realmOf(session);
    const result = new Map<string, Hydrated>();
    const idsByEntity = new Map<Entity, string[]>();
    for (const ref of refs) {
      try {
        const entity = entityOfRef(ref);
        const id = idInRealm(ref.externalId, realmId);
        idsByEntity.set(entity, [...(idsByEntity.get(entity) ?? []), id]);
      } catch (err) {
        // This ref cannot be read by this connection; the others of the batch can.
        if (!(err instanceof ProviderApiError)) throw err;
        result.set(ref.externalId, { status: "failed", error: err });
      }
    }
    for (const [entity, ids] of idsByEntity) {
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const chunk = unique.slice(i, i + IDS_PER_QUERY);
        const found = await queryByIds(session, realmId, entity, chunk);
        for (const id of chunk) {
          const object = found.get(id);
          // Absent: deleted transactions; inactive (deleted) Customers and Items are not returned.
          if (!object || object.Active === false) result.set(`${realmId}:${id}`, { status: "deleted" });
          else result.set(`${realmId}:${id}`, readable(entity, object, realmId));
        }
      }
    }
    return result;
  },

  async listChanges(session, window, kinds) {
    return changesPage(session, window, kinds);
  },
};

/** The object as an event, or the failure of this one object (a shape this client cannot read). */
function readable(entity: Entity, object: Json, realmId: string): Hydrated {
  try {
    return { status: "found", event: toCanonical(entity, object, realmId) };
  } catch (err) {
    if (err instanceof ProviderApiError) return { status: "failed", error: err };
    throw err;
  }
}

function realmOf(session: ApiSession): string {
  const realmId = session.credentials.realmId;
  if (typeof realmId !== "string" || !realmId) throw new ProviderApiError("config", "the QuickBooks connection has no realmId");
  return realmId;
}

function entityOfRef(ref: ThinRef): Entity {
  if (!isEntity(ref.resource)) throw new ProviderApiError("config", `QuickBooks ${ref.resource} is not read by this client (it reads ${ENTITIES.join(", ")})`);
  return ref.resource;
}

/** `<realmId>:<Id>` -> Id, refusing another company's entity (this connection cannot read it). */
function idInRealm(externalId: string, realmId: string): string {
  const separator = externalId.lastIndexOf(":");
  const realm = externalId.slice(0, separator);
  const id = externalId.slice(separator + 1);
  if (separator < 0 || realm !== realmId || !/^\d+$/.test(id)) {
    throw new ProviderApiError("config", `QuickBooks entity ${externalId} is not of realm ${realmId}, the company this source's connection reads`);
  }
  return id;
}

/**
 * One API call. A 429 without Retry-After still means "wait 60 seconds" (limits-and-throttles),
 * which the gate is told.
 */
async function call(session: ApiSession, request: ApiRequest): Promise<ApiResponse> {
  try {
    return await session.request(request);
  } catch (err) {
    if (err instanceof ProviderApiError && err.status === 429 && err.retryAfterSeconds === null) {
      throw new ProviderApiError(err.category, err.message, err.status, 60);
    }
    throw err;
  }
}

async function queryByIds(session: ApiSession, realmId: string, entity: Entity, ids: string[]): Promise<Map<string, Json>> {
  // Ids are digits (checked above), so quoting them needs no escaping.
  const query = `select * from ${entity} where Id in (${ids.map((id) => `'${id}'`).join(",")}) MAXRESULTS 1000`;
  const response = await call(session, {
    path: `/v3/company/${realmId}/query`,
    query: { query, minorversion: QUICKBOOKS_MINOR_VERSION },
    what: `QuickBooks ${entity} read (${ids.length})`,
  });
  const body = answerObject(response.json, `QuickBooks ${entity} read`);
  const queryResponse = object(body.QueryResponse);
  if (!queryResponse) throw new ProviderApiError("data", `QuickBooks ${entity} read: the answer has no "QueryResponse" object`);
  const found = new Map<string, Json>();
  for (const item of objectsIn(queryResponse[entity])) {
    const id = trimmedText(item.Id);
    if (id) found.set(id, item);
  }
  return found;
}

/** The answer as an object; a Fault (which QuickBooks may send with a 200) becomes its error. */
function answerObject(json: unknown, what: string): Json {
  const body = object(json);
  if (!body) throw new ProviderApiError("data", `${what}: the answer is not a JSON object`);
  const fault = object(body.Fault);
  if (fault) throw faultError(fault, what);
  return body;
}

function faultError(fault: Json, what: string): ProviderApiError {
  const first = objectsIn(fault.Error)[0];
  const code = trimmedText(first?.code) ?? "";
  const message = [trimmedText(first?.Message), trimmedText(first?.Detail)].filter(Boolean).join(": ").slice(0, 300);
  const text = `${what}: QuickBooks fault ${code || "(no code)"}${message ? ` ${message}` : ""}`;
  const type = trimmedText(fault.type) ?? "";
  if (code === "3200" || type === "AuthenticationFault") return new ProviderApiError("auth", text);
  if (code === "3100" || type === "AuthorizationFault") return new ProviderApiError("config", text);
  if (code === "003001" || /throttle/i.test(message)) return new ProviderApiError("transient", text, null, 60);
  if (type === "SystemFault") return new ProviderApiError("transient", text);
  return new ProviderApiError("data", text);
}

/**
 * Where a listing is: CDC answers a window in one call; a window whose CDC answer is full (1,000
 * objects: it may have left changes out, and CDC cannot page) is listed again entity by entity with
 * the query endpoint, which pages (`STARTPOSITION`, 1,000 a page) but sees no deleted transactions.
 */
type ListCursor = { mode: "query"; entity: number; start: number };

async function changesPage(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage> {
  const realmId = realmOf(session);
  const entities = ENTITIES.filter((entity) => kinds.includes(ENTITY_KINDS[entity]));
  if (entities.length === 0) return { events: [], cursor: null };
  if (window.cursor === null) return cdcPage(session, realmId, window, entities);
  return queryPage(session, realmId, window, entities, parseCursor(window.cursor));
}

async function cdcPage(session: ApiSession, realmId: string, window: ChangeWindow, entities: Entity[]): Promise<ChangePage> {
  const response = await call(session, {
    path: `/v3/company/${realmId}/cdc`,
    query: { entities: entities.join(","), changedSince: qboInstant(window.since), minorversion: QUICKBOOKS_MINOR_VERSION },
    what: `QuickBooks changes since ${new Date(window.since).toISOString()}`,
  });
  const body = answerObject(response.json, "QuickBooks CDC");
  if (!Array.isArray(body.CDCResponse)) throw new ProviderApiError("data", 'QuickBooks CDC: the answer has no "CDCResponse" array');
  const events: NormalizedEvent[] = [];
  let objects = 0;
  for (const cdc of objectsIn(body.CDCResponse)) {
    for (const queryResponse of objectsIn(cdc.QueryResponse)) {
      for (const entity of entities) {
        for (const item of objectsIn(queryResponse[entity])) {
          objects += 1;
          // Deleted transactions come as `status: "Deleted"`; Customers and Items are made inactive.
          const event = item.status === "Deleted" || item.Active === false ? deletionEvent(entity, item, realmId) : toCanonical(entity, item, realmId);
          // CDC has no upper bound: what changed after the window's end belongs to the next window.
          if (event.version >= window.until) continue;
          events.push(listed(entity, item, event, realmId));
        }
      }
    }
  }
  // A full answer may have left changes out: list the window again, page by page.
  if (objects >= CDC_MAX_OBJECTS) return { events: [], cursor: JSON.stringify({ mode: "query", entity: 0, start: 1 } satisfies ListCursor) };
  events.sort((a, b) => a.event.version - b.event.version);
  return { events, cursor: null };
}

async function queryPage(session: ApiSession, realmId: string, window: ChangeWindow, entities: Entity[], at: ListCursor): Promise<ChangePage> {
  const entity = entities[at.entity];
  if (!entity) return { events: [], cursor: null };
  const conditions = [`MetaData.LastUpdatedTime >= '${qboInstant(window.since)}'`, `MetaData.LastUpdatedTime < '${qboInstant(window.until)}'`];
  // Made inactive = deleted, for Customers and Items: ask for them too.
  if (entity === "Customer" || entity === "Item") conditions.push("Active IN (true, false)");
  const query = `select * from ${entity} where ${conditions.join(" and ")} ORDERBY MetaData.LastUpdatedTime STARTPOSITION ${at.start} MAXRESULTS ${CDC_MAX_OBJECTS}`;
  const response = await call(session, {
    path: `/v3/company/${realmId}/query`,
    query: { query, minorversion: QUICKBOOKS_MINOR_VERSION },
    what: `QuickBooks ${entity} changed in the window (from ${at.start})`,
  });
  const queryResponse = object(answerObject(response.json, `QuickBooks ${entity} listing`).QueryResponse);
  if (!queryResponse) throw new ProviderApiError("data", `QuickBooks ${entity} listing: the answer has no "QueryResponse" object`);
  const items = objectsIn(queryResponse[entity]);
  const events = items.map((item) => listed(entity, item, item.Active === false ? deletionEvent(entity, item, realmId) : toCanonical(entity, item, realmId), realmId));
  const next: ListCursor | null =
    items.length >= CDC_MAX_OBJECTS ? { ...at, start: at.start + items.length } : at.entity + 1 < entities.length ? { mode: "query", entity: at.entity + 1, start: 1 } : null;
  return { events, cursor: next ? JSON.stringify(next) : null };
}

/**
 * An instant as Intuit's samples write it (`2015-03-01T00:00:00-07:00`): whole seconds (QBO times
 * have no fraction; a boundary second is re-read through the overlap) and an explicit offset.
 */
function qboInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

function parseCursor(cursor: string): ListCursor {
  try {
    const parsed = JSON.parse(cursor) as Partial<ListCursor>;
    if (parsed.mode === "query" && Number.isInteger(parsed.entity) && Number.isInteger(parsed.start) && parsed.start! >= 1) return parsed as ListCursor;
  } catch {
    // refused below
  }
  throw new ProviderApiError("data", `QuickBooks change listing: the cursor ${JSON.stringify(cursor.slice(0, 60))} is not one this client made`);
}

/** A listed change; the same version listed again has the same delivery id (a duplicate). */
const listed = (entity: Entity, item: Json, event: CanonicalEvent, realmId: string): NormalizedEvent => ({
  deliveryId: `${realmId}:${entity}:${idOf(item, entity)}@${event.version}`,
  event,
});

/** Of a deleted object CDC gives only its id: the same thin delete event as the webhook's. */
function deletionEvent(entity: Entity, item: Json, realmId: string): CanonicalEvent {
  const kind = ENTITY_KINDS[entity];
  const version = versionOf(item, entity);
  return {
    schema: CANONICAL_SCHEMA,
    provider: "quickbooks",
    topic: `${entity}.Delete`,
    type: `${kind}.deleted`,
    externalId: `${realmId}:${idOf(item, entity)}`,
    version,
    occurredAt: new Date(version).toISOString(),
    action: "delete",
    kind,
    data: { thin: true, operation: "delete", resource: entity },
  } as CanonicalEvent;
}

/** A fetched QBO object as the full canonical event of its kind. */
export function toCanonical(entity: Entity, item: Json, realmId: string): CanonicalEvent {
  const id = idOf(item, entity);
  const version = versionOf(item, entity);
  const kind = ENTITY_KINDS[entity];
  const what = `QuickBooks ${entity} ${id}`;
  let data: CustomerData | InvoiceData | PaymentData | ProductData;
  try {
    if (entity === "Customer") data = customerData(item);
    else if (entity === "Invoice") data = invoiceData(item, realmId, what);
    else if (entity === "Payment") data = paymentData(item, realmId, what);
    else data = productData(item, realmId, id, what);
  } catch (err) {
    // minorUnits names the unreadable field; from an API that is the provider's data error.
    if (err instanceof MalformedPayloadError) throw new ProviderApiError("data", `${what}: ${err.message}`);
    throw err;
  }
  return {
    schema: CANONICAL_SCHEMA,
    provider: "quickbooks",
    topic: entity,
    type: `${kind}.updated`,
    externalId: `${realmId}:${id}`,
    version,
    occurredAt: new Date(version).toISOString(),
    action: "upsert",
    kind,
    data,
  } as CanonicalEvent;
}

function idOf(item: Json, entity: Entity): string {
  const id = trimmedText(item.Id);
  if (!id) throw new ProviderApiError("data", `QuickBooks ${entity}: an object has no "Id"`);
  return id;
}

function versionOf(item: Json, entity: Entity): number {
  const version = parseInstant(trimmedText(object(item.MetaData)?.LastUpdatedTime));
  if (Number.isNaN(version)) throw new ProviderApiError("data", `QuickBooks ${entity} ${String(item.Id)}: "MetaData.LastUpdatedTime" is not a date-time`);
  return version;
}

const refValue = (value: unknown): string | null => trimmedText(object(value)?.value);

function customerData(c: Json): CustomerData {
  const first = trimmedText(c.GivenName);
  const last = trimmedText(c.FamilyName);
  const bill = object(c.BillAddr);
  const country = trimmedText(bill?.Country);
  const phone = trimmedText(object(c.PrimaryPhone)?.FreeFormNumber) ?? trimmedText(object(c.Mobile)?.FreeFormNumber);
  return {
    email: trimmedText(object(c.PrimaryEmailAddr)?.Address),
    firstName: first,
    // A customer known only by its display name (a business) is named by it.
    lastName: last ?? (first ? null : trimmedText(c.DisplayName) ?? trimmedText(c.FullyQualifiedName)),
    phone,
    company: trimmedText(c.CompanyName),
    address: bill
      ? {
          name: trimmedText(c.DisplayName),
          company: trimmedText(c.CompanyName),
          street: trimmedText(bill.Line1),
          street2: trimmedText(bill.Line2),
          city: trimmedText(bill.City),
          zip: trimmedText(bill.PostalCode),
          stateCode: trimmedText(bill.CountrySubDivisionCode),
          // QBO's Country is free text ("USA", "Canada"): only an ISO 3166-1 alpha-2 code is a code.
          countryCode: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
          phone,
        }
      : null,
  };
}

/**
 * Status: a voided invoice keeps its record with every amount zeroed and "Voided" written into
 * PrivateNote (Intuit blog 2016-04-06 "Voiding Invoice Objects"); otherwise paid when nothing is
 * left to pay (Balance 0), else open (QBO has no draft invoices).
 */
function invoiceData(inv: Json, realmId: string, what: string): InvoiceData {
  const currency = refValue(inv.CurrencyRef)?.toUpperCase() ?? null;
  const money = (value: unknown, field: string) => ({ amount: minorUnits(value as number, currency, `${what} ${field}`), currency });
  const total = money(inv.TotalAmt, "TotalAmt");
  const balance = money(inv.Balance, "Balance");
  const voided = /^Voided/.test(trimmedText(inv.PrivateNote) ?? "") && total.amount === 0;
  const lines: InvoiceData["lines"] = [];
  for (const line of objectsIn(inv.Line)) {
    const type = trimmedText(line.DetailType);
    if (type === "SalesItemLineDetail") {
      const detail = object(line.SalesItemLineDetail) ?? {};
      const qty = typeof detail.Qty === "number" ? detail.Qty : 1;
      const amount = money(line.Amount, "Line.Amount");
      const unit = typeof detail.UnitPrice === "number" ? money(detail.UnitPrice, "Line.SalesItemLineDetail.UnitPrice") : { amount: qty ? Math.round(amount.amount / qty) : amount.amount, currency };
      lines.push({ description: trimmedText(line.Description) ?? trimmedText(object(detail.ItemRef)?.name) ?? "Item", sku: null, quantity: qty, unitPrice: unit });
    } else if (type === "DiscountLineDetail") {
      // A discount is its own line in QBO; in Odoo a negative line keeps the invoice's total.
      const amount = money(line.Amount, "Line.Amount");
      if (amount.amount) lines.push({ description: trimmedText(line.Description) ?? "Discount", sku: null, quantity: 1, unitPrice: { amount: -Math.abs(amount.amount), currency } });
    }
    // SubTotalLineDetail repeats the sum of the lines above it: not a line of its own.
  }
  // Odoo lines carry no QBO tax code: the tax QBO computed is one line, so the totals agree.
  const tax = money(object(inv.TxnTaxDetail)?.TotalTax ?? 0, "TxnTaxDetail.TotalTax");
  if (tax.amount && !voided) lines.push({ description: "Tax", sku: null, quantity: 1, unitPrice: tax });
  const customer = refValue(inv.CustomerRef);
  return {
    number: trimmedText(inv.DocNumber),
    status: voided ? "void" : balance.amount === 0 && total.amount > 0 ? "paid" : "open",
    customer: customer ? { kind: "customer", externalId: `${realmId}:${customer}` } : null,
    currency,
    lines,
    total,
    amountDue: balance,
    issuedAt: trimmedText(inv.TxnDate),
    dueAt: trimmedText(inv.DueDate),
  };
}

/**
 * A received payment. QBO applies one payment to several invoices through Line[].LinkedTxn; the
 * canonical payment names one invoice: the first (an amount above its balance is left on the
 * customer's account by Odoo's registration, never dropped).
 */
function paymentData(p: Json, realmId: string, what: string): PaymentData {
  const currency = refValue(p.CurrencyRef)?.toUpperCase() ?? null;
  const invoiceId = objectsIn(p.Line)
    .flatMap((line) => objectsIn(line.LinkedTxn))
    .find((txn) => trimmedText(txn.TxnType) === "Invoice");
  const invoice = trimmedText(invoiceId?.TxnId);
  const customer = refValue(p.CustomerRef);
  return {
    amount: { amount: minorUnits(p.TotalAmt as number, currency, `${what} TotalAmt`), currency },
    // A QBO Payment records money received (a voided one has TotalAmt 0 and is not written).
    status: "succeeded",
    order: null,
    invoice: invoice ? { kind: "invoice", externalId: `${realmId}:${invoice}` } : null,
    customer: customer ? { kind: "customer", externalId: `${realmId}:${customer}` } : null,
    method: trimmedText(object(p.PaymentMethodRef)?.name),
    reference: trimmedText(p.PaymentRefNum),
  };
}

function productData(item: Json, realmId: string, id: string, what: string): ProductData {
  return {
    title: trimmedText(item.Name) ?? trimmedText(item.FullyQualifiedName) ?? `Item ${id}`,
    vendor: null,
    productType: trimmedText(item.Type),
    active: item.Active !== false,
    variants: [
      {
        externalId: `${realmId}:${id}`,
        sku: trimmedText(item.Sku),
        barcode: null,
        title: null,
        // An item's price is in the company's home currency, which the Item does not name.
        price: { amount: minorUnits(typeof item.UnitPrice === "number" ? item.UnitPrice : 0, null, `${what} UnitPrice`), currency: null },
      },
    ],
  };
}
