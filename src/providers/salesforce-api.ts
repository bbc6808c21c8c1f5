/**
 * Salesforce's REST API client: lists the Accounts, Contacts and Opportunities that changed
 * (SOQL on `SystemModstamp`, deleted rows included) for reconciliation. There is nothing to
 * hydrate: Salesforce outbound messages carry full snapshots (src/providers/salesforce.ts).
 *
 * Sources (developer.salesforce.com, help.salesforce.com):
 * - Auth: OAuth 2.0 refresh token flow (help `remoteaccess_oauth_refresh_token_flow`):
 *   `POST {login host}/services/oauth2/token` with `grant_type=refresh_token`, `client_id`,
 *   `client_secret`, `refresh_token` (form). The login host is `https://login.salesforce.com`
 *   (production), `https://test.salesforce.com` (sandbox) or the org's My Domain (required by
 *   External Client Apps): option `loginUrl`. The answer has `access_token` and `instance_url` but
 *   no `expires_in` (the access token lives the org's session timeout, 2 h by default): the token
 *   is kept `sessionSeconds` and a 401 `INVALID_SESSION_ID` refreshes it sooner. Refresh tokens do
 *   not rotate unless the app enables rotation; a new one in the answer is kept.
 * - Version: REST API v66.0 (Spring '26), pinned here and raised deliberately.
 * - Limits (App Limits Cheatsheet): a rolling 24-hour allocation per org, no per-second limit, at
 *   most 25 long-running (≥20 s) requests at once. Every answer's `Sforce-Limit-Info:
 *   api-usage=<used>/<max>` is reported as the bucket (the gate slows as the allocation runs out);
 *   over it, 403 `REQUEST_LIMIT_EXCEEDED` (no Retry-After) is transient.
 * - Errors (REST API "Status Codes and Error Responses"): a JSON array `[{message, errorCode,
 *   fields}]`; classed by `errorCode` (classifyError below).
 * - Query (`resources_queryall`): `GET /services/data/vXX.X/queryAll?q=<SOQL>` includes deleted
 *   rows (`IsDeleted`); pages of up to 2,000 records, `nextRecordsUrl` until `done`. SOQL
 *   date-time literals are `YYYY-MM-DDThh:mm:ssZ` (whole seconds).
 *
 * Events carry the webhook module's semantics: externalId = the record `Id`, version = epoch ms of
 * `SystemModstamp`, the same canonical data (src/providers/salesforce-records.ts), `IsDeleted` ->
 * action delete.
 */
import * as z from "zod";
import { CANONICAL_SCHEMA, type CanonicalEvent, type EntityKind } from "../events/canonical";
import { object, objectsIn, text } from "./json-values";
import { postTokenForm, tokenField } from "./oauth2-token-form";
import { MalformedPayloadError, type NormalizedEvent } from "./provider";
import {
  ProviderApiError,
  type ApiErrorCategory,
  type ApiResponse,
  type ApiSession,
  type ChangePage,
  type ChangeWindow,
  type ProviderApi,
  type RateSignal,
} from "./provider-api";
import { companyData, customerData, dealData, type Fields } from "./salesforce-records";
import { parseInstant } from "./schemes/iso-instant";

export const SALESFORCE_API_VERSION = "v66.0";
const DEFAULT_SESSION_SECONDS = 2 * 3600;
/** REQUEST_LIMIT_EXCEEDED says nothing of when: the 24-hour allocation frees up as calls age out. */
const REQUEST_LIMIT_WAIT_SECONDS = 300;

const httpsUrl = z.url({ protocol: /^https?$/ });
const credentialsSchema = z
  .object({
    /** The org's instance (My Domain) URL, e.g. https://acme.my.salesforce.com: the API base. */
    instanceUrl: httpsUrl,
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
    /** Where tokens are refreshed: https://login.salesforce.com (default), https://test.salesforce.com, or the My Domain URL. */
    loginUrl: httpsUrl.optional(),
    /** The org's session timeout in seconds (how long an access token is reused); 2 h by default. */
    sessionSeconds: z.number().int().min(300).max(86_400).optional(),
    /** Currency of Opportunity amounts (single-currency orgs): the webhook source's `currency` option. */
    currency: z.string().length(3).optional(),
    baseUrl: httpsUrl.optional(),
  })
  .strict();
export type SalesforceCredentials = z.infer<typeof credentialsSchema>;

const OBJECTS = {
  company: {
    sObject: "Account",
    fields: ["Id", "Name", "Phone", "Website", "BillingStreet", "BillingCity", "BillingPostalCode", "BillingState", "BillingCountry", "SystemModstamp", "IsDeleted"],
  },
  customer: {
    sObject: "Contact",
    fields: ["Id", "FirstName", "LastName", "Name", "Email", "Phone", "MobilePhone", "AccountId", "MailingStreet", "MailingCity", "MailingPostalCode", "MailingState", "MailingCountry", "SystemModstamp", "IsDeleted"],
  },
  deal: {
    sObject: "Opportunity",
    fields: ["Id", "Name", "Amount", "StageName", "IsClosed", "IsWon", "AccountId", "ContactId", "CloseDate", "SystemModstamp", "IsDeleted"],
  },
} as const;
type ListedKind = keyof typeof OBJECTS;

const origin = (url: string) => new URL(url).origin;

export const salesforceApi: ProviderApi<SalesforceCredentials> = {
  credentialsSchema,
  publicFields: ["instanceUrl", "clientId", "loginUrl", "sessionSeconds", "currency"],
  defaultBaseUrl: (c) => origin(c.instanceUrl),
  auth: {
    kind: "oauth2",
    initialRefreshToken: (c) => c.refreshToken,
    async refresh(fetch, c, refreshToken) {
      const what = "Salesforce token refresh";
      const body = await postTokenForm(fetch, {
        what,
        url: `${origin(c.loginUrl ?? "https://login.salesforce.com")}/services/oauth2/token`,
        form: { grant_type: "refresh_token", client_id: c.clientId, client_secret: c.clientSecret, refresh_token: refreshToken ?? c.refreshToken },
        fix: "authorize the connected app again and set the new refreshToken (check loginUrl: production, sandbox or My Domain)",
      });
      const accessToken = tokenField(body, ["access_token"], what);
      const instance = text(body.instance_url);
      // The token works on the instance it was issued for: calls to another host would be refused.
      if (!c.baseUrl && instance && origin(instance) !== origin(c.instanceUrl)) {
        throw new ProviderApiError("config", `${what}: the token was issued for ${origin(instance)}, not the configured instanceUrl ${origin(c.instanceUrl)} (set instanceUrl to it)`);
      }
      return {
        accessToken,
        expiresInSeconds: c.sessionSeconds ?? DEFAULT_SESSION_SECONDS,
        refreshToken: typeof body.refresh_token === "string" && body.refresh_token ? body.refresh_token : null,
      };
    },
    headers: (_c, accessToken) => ({ authorization: `Bearer ${accessToken}` }),
  },
  limits: { concurrent: 25 },
  rateSignal: rateSignalOf,
  classifyError,
  hydrates: [],
  listChanges,
  changeHorizonDays: null,
  changeOverlapSeconds: 120,
};

/**
 * `Sforce-Limit-Info: api-usage=18/15000`: what is left of the 24-hour allocation; a
 * `REQUEST_LIMIT_EXCEEDED` refusal also holds the connection's calls for a while.
 */
function rateSignalOf(response: ApiResponse): RateSignal | null {
  const exceeded = response.status === 403 && Array.isArray(response.json) && text(object(response.json[0])?.errorCode) === "REQUEST_LIMIT_EXCEEDED";
  const match = /api-usage=(\d+)\/(\d+)/.exec(response.headers.get("sforce-limit-info") ?? "");
  const used = Number(match?.[1]);
  const max = Number(match?.[2]);
  const bucket = match && max > 0 ? { available: Math.max(0, max - used), size: max, restorePerSecond: max / 86_400 } : null;
  if (!bucket && !exceeded) return null;
  return { ...(bucket ? { bucket } : {}), ...(exceeded ? { retryAfterSeconds: REQUEST_LIMIT_WAIT_SECONDS } : {}) };
}

const CODE_CATEGORIES: Record<string, ApiErrorCategory> = {
  INVALID_SESSION_ID: "auth",
  INVALID_AUTH_HEADER: "auth",
  REQUEST_LIMIT_EXCEEDED: "transient",
  SERVER_UNAVAILABLE: "transient",
  UNABLE_TO_LOCK_ROW: "transient",
  QUERY_TIMEOUT: "transient",
  // The org lacks the object or field, or the user may not see it.
  INVALID_TYPE: "config",
  INVALID_FIELD: "config",
  INSUFFICIENT_ACCESS: "config",
  API_DISABLED_FOR_ORG: "config",
  API_CURRENTLY_DISABLED: "config",
  NOT_FOUND: "not_found",
  ENTITY_IS_DELETED: "not_found",
  MALFORMED_QUERY: "data",
  INVALID_QUERY_LOCATOR: "data",
};

/** Salesforce's error array, classed by its `errorCode`. */
function classifyError(response: ApiResponse, what: string): ProviderApiError | null {
  const first = Array.isArray(response.json) ? object(response.json[0]) : null;
  const code = text(first?.errorCode);
  if (!first || !code) return null;
  const message = (text(first.message) ?? "").slice(0, 300);
  const status = response.status;
  const category: ApiErrorCategory =
    CODE_CATEGORIES[code] ?? (status === 401 ? "auth" : status === 403 ? "config" : status === 404 ? "not_found" : status >= 500 || status === 429 ? "transient" : "data");
  const retryAfter = code === "REQUEST_LIMIT_EXCEEDED" ? REQUEST_LIMIT_WAIT_SECONDS : null;
  return new ProviderApiError(category, `${what}: HTTP ${status} ${code}${message ? `: ${message}` : ""}`, status, retryAfter);
}

interface QueryCursor {
  /** Index into the kinds asked for. */
  k: number;
  /** Salesforce's `nextRecordsUrl` (null: the first page of this kind). */
  n: string | null;
}

/** SOQL date-time literal, whole seconds. */
const soqlInstant = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

async function listChanges(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage> {
  const listed = kinds.filter((k): k is ListedKind => Object.hasOwn(OBJECTS, k));
  const cursor = window.cursor ? parseCursor(window.cursor) : { k: 0, n: null };
  const kind = listed[cursor.k];
  if (!kind) return { events: [], cursor: null };
  const spec = OBJECTS[kind];
  const what = `Salesforce ${spec.sObject} query`;
  const soql =
    `SELECT ${spec.fields.join(", ")} FROM ${spec.sObject} ` +
    `WHERE SystemModstamp >= ${soqlInstant(window.since)} AND SystemModstamp < ${soqlInstant(window.until)} ORDER BY SystemModstamp, Id`;
  if (cursor.n !== null && !cursor.n.startsWith(`/services/data/${SALESFORCE_API_VERSION}/`)) {
    throw new ProviderApiError("data", `${what}: the listing cursor is not a query locator of this client`);
  }
  const response = await session.request(
    cursor.n ? { path: cursor.n, what } : { path: `/services/data/${SALESFORCE_API_VERSION}/queryAll`, query: { q: soql }, what },
  );
  const body = object(response.json);
  if (!body || !Array.isArray(body.records)) throw new ProviderApiError("data", `${what}: the answer has no "records" list`, response.status);
  const events: NormalizedEvent[] = [];
  for (const record of objectsIn(body.records)) {
    const event = eventOf(kind, record, session.credentials.currency, what);
    events.push({ deliveryId: `${event.externalId}@${event.version}`, event });
  }
  const next = text(body.nextRecordsUrl);
  if (body.done !== true && next) return { events, cursor: JSON.stringify({ k: cursor.k, n: next }) };
  const following = cursor.k + 1;
  return { events, cursor: following < listed.length ? JSON.stringify({ k: following, n: null }) : null };
}

function parseCursor(raw: string): QueryCursor {
  try {
    const parsed = object(JSON.parse(raw));
    if (parsed && typeof parsed.k === "number" && (parsed.n === null || typeof parsed.n === "string")) return parsed as unknown as QueryCursor;
  } catch {
    // fall through
  }
  throw new ProviderApiError("data", `Salesforce query: the listing cursor ${JSON.stringify(raw.slice(0, 40))} is not one this client wrote`);
}

/** A SOQL row's fields as the outbound message writes them: text, "true"/"false", absent when null or empty. */
function fieldsOf(record: Record<string, unknown>): Fields {
  const fields: Fields = {};
  for (const [name, value] of Object.entries(record)) {
    if (name === "attributes") continue;
    if (typeof value === "string" && value.trim() !== "") fields[name] = value;
    else if (typeof value === "number" && Number.isFinite(value)) fields[name] = String(value);
    else if (typeof value === "boolean") fields[name] = String(value);
  }
  return fields;
}

function eventOf(kind: ListedKind, record: Record<string, unknown>, currency: unknown, what: string): CanonicalEvent {
  const fields = fieldsOf(record);
  const id = fields.Id;
  if (!id) throw new ProviderApiError("data", `${what}: a record has no "Id"`);
  const version = parseInstant(fields.SystemModstamp);
  if (Number.isNaN(version)) throw new ProviderApiError("data", `${what}: ${id} has no readable "SystemModstamp"`);
  const deleted = fields.IsDeleted === "true";
  const envelope = {
    schema: CANONICAL_SCHEMA,
    provider: "salesforce",
    topic: OBJECTS[kind].sObject,
    type: `${kind}.${deleted ? "deleted" : "updated"}`,
    externalId: id,
    version,
    occurredAt: new Date(version).toISOString(),
    action: deleted ? ("delete" as const) : ("upsert" as const),
  };
  try {
    if (kind === "company") return { ...envelope, kind, data: companyData(fields) };
    if (kind === "customer") return { ...envelope, kind, data: customerData(fields) };
    return { ...envelope, kind, data: dealData(fields, { currency: typeof currency === "string" ? currency : undefined }, `${OBJECTS[kind].sObject} ${id}`) };
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw new ProviderApiError("data", `${what}: ${err.message}`);
    throw err;
  }
}

// ---- the way back (issue #17): Odoo's invoice status on opportunities ----

/** Sent on every write, so Change Data Capture's `changeOrigin` names the router (loop detection). */
export const SALESFORCE_CALL_OPTIONS = "client=odoo-router";

/**
 * `PATCH /services/data/vXX.X/sobjects/{sObject}/{id}` with the fields to set (REST API
 * "sObject Rows"): 204 No Content. An unknown field is `400 [{errorCode:"INVALID_FIELD"}]`
 * (`config`: create the custom field or name another in the routing), a deleted record
 * `404 NOT_FOUND` / `ENTITY_IS_DELETED` (`not_found`), a validation rule
 * `FIELD_CUSTOM_VALIDATION_EXCEPTION` (`data`). `Sforce-Call-Options: client=odoo-router`
 * attributes the change.
 */
export async function updateSalesforceRecord(session: ApiSession, sObject: string, id: string, fields: Record<string, string | number | boolean | null>): Promise<void> {
  const what = `Salesforce ${sObject} ${id} update`;
  // 15- or 18-character record ids; anything else would be a path the API does not have.
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) throw new ProviderApiError("data", `${what}: "${id.slice(0, 40)}" is not a Salesforce record id`);
  await session.request({
    method: "PATCH",
    path: `/services/data/${SALESFORCE_API_VERSION}/sobjects/${sObject}/${id}`,
    headers: { "sforce-call-options": SALESFORCE_CALL_OPTIONS },
    json: fields,
    what,
  });
}
