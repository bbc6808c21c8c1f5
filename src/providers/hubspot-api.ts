/**
 * HubSpot's CRM API client: reads the contacts and companies behind thin webhook events (CRM v3
 * batch read) and lists what changed (CRM search on the last-modified date).
 *
 * Sources (developers.hubspot.com):
 * - Auth: a private app / static app token (`Authorization: Bearer`, does not expire), or OAuth2
 *   with a refresh token: `POST https://api.hubapi.com/oauth/2026-03/token`, every parameter in the
 *   form body (api-reference/2026-03/authentication/oauth-tokens/refresh-oauth-token; v1
 *   `/oauth/v1/token` is deprecated on 2027-02-16). Access tokens live 30 minutes (`expires_in`
 *   1800); HubSpot does not document refresh-token rotation, so whatever `refresh_token` comes back
 *   is stored.
 * - Limits (docs/developer-tooling/platform/usage-guidelines): 100 requests per 10 s per app on
 *   Free/Starter portals (190 on Professional/Enterprise), and the CRM search endpoints 5 requests
 *   per second per account (search guide, "Limitations"). One gate per connection: 5 calls a second
 *   keeps within both (50 per 10 s); the 10-second window's headers
 *   `X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds` are reported as the bucket.
 *   A 429 (`{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"|"DAILY"}`)
 *   is transient with its Retry-After.
 * - Batch read (api-reference crm objects "Read a batch"): `POST /crm/v3/objects/{type}/batch/read`,
 *   at most 100 `inputs`; ids that do not exist or are archived come back as a 207 with an
 *   `OBJECT_NOT_FOUND` error listing them in `context.ids`: deleted upstream. A contact merged
 *   into another is answered by the surviving record (its `hs_merged_object_ids` lists the old id):
 *   the old entity is deleted too (its data lives on in the survivor).
 * - Search (api-reference crm search): `POST /crm/v3/objects/{type}/search`, filter on
 *   `lastmodifieddate` (contacts) / `hs_lastmodifieddate` (companies) in epoch ms, one sort,
 *   at most 200 per page, `paging.next.after`; paging past 10,000 results is a 400, so the window
 *   is split (the next slice starts at the last modified date seen; more than a page of records
 *   sharing one millisecond are paged by `hs_object_id`). Search is eventually consistent, and
 *   archived records never appear in it (deletions come from the deletion webhooks).
 *
 * Events carry the webhook module's semantics (src/providers/hubspot.ts): externalId = the
 * object id, version = epoch ms of the object's last modification (a webhook's `occurredAt`), a
 * full customer (contact) or company snapshot of the properties the router writes.
 */
import * as z from "zod";
import { CANONICAL_SCHEMA, type Address, type CanonicalEvent, type CompanyData, type CustomerData, type EntityKind } from "../events/canonical";
import { fullName, idOf, object, objectsIn, text, type Json } from "./json-values";
import { notOlderThanTheirEvents } from "./hydrated-versions";
import { postTokenForm, tokenField, tokenSeconds } from "./oauth2-token-form";
import type { NormalizedEvent } from "./provider";
import {
  ProviderApiError,
  type ApiSession,
  type ChangePage,
  type ChangeWindow,
  type Hydrated,
  type ProviderApi,
  type RateSignal,
  type ThinRef,
} from "./provider-api";

export const HUBSPOT_API_HOST = "https://api.hubapi.com";
/** HubSpot's documented batch read maximum. */
export const BATCH_READ_MAX = 100;
/** HubSpot's documented search page maximum, and the result count past which paging is refused. */
export const SEARCH_PAGE_MAX = 200;
export const SEARCH_RESULTS_MAX = 10_000;

const baseUrl = z.url({ protocol: /^https?$/ }).optional();
const credentialsSchema = z.union([
  z.object({ accessToken: z.string().min(1), baseUrl }).strict(),
  z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), refreshToken: z.string().min(1), baseUrl }).strict(),
], { error: 'expected {"accessToken"} (a private app token) or {"clientId","clientSecret","refreshToken"} (OAuth2)' });
export type HubSpotCredentials = z.infer<typeof credentialsSchema>;

/** What a search or batch read asks for, per object type. */
const OBJECTS = {
  contact: {
    kind: "customer",
    path: "contacts",
    modified: "lastmodifieddate",
    properties: ["email", "firstname", "lastname", "phone", "company", "address", "city", "zip", "state", "hs_state_code", "country", "hs_country_region_code", "lastmodifieddate", "hs_merged_object_ids"],
  },
  company: {
    kind: "company",
    path: "companies",
    modified: "hs_lastmodifieddate",
    properties: ["name", "domain", "phone", "address", "address2", "city", "zip", "state", "country", "hs_lastmodifieddate", "hs_merged_object_ids"],
  },
} as const;
type ObjectType = keyof typeof OBJECTS;
const OBJECT_OF_KIND: Partial<Record<EntityKind, ObjectType>> = { customer: "contact", company: "company" };

export const hubspotApi: ProviderApi<HubSpotCredentials> = {
  credentialsSchema,
  defaultBaseUrl: () => HUBSPOT_API_HOST,
  publicFields: ["clientId"],
  auth: {
    kind: "oauth2",
    initialRefreshToken: (c) => ("refreshToken" in c ? c.refreshToken : null),
    async refresh(fetch, c, refreshToken) {
      if (!("refreshToken" in c)) throw new ProviderApiError("config", "HubSpot: a private app token connection has nothing to refresh");
      const what = "HubSpot token refresh";
      const body = await postTokenForm(fetch, {
        what,
        url: `${(c.baseUrl ?? HUBSPOT_API_HOST).replace(/\/+$/, "")}/oauth/2026-03/token`,
        form: { grant_type: "refresh_token", client_id: c.clientId, client_secret: c.clientSecret, refresh_token: refreshToken ?? c.refreshToken },
        fix: "reinstall the HubSpot app in the portal and set a new refreshToken",
      });
      return {
        accessToken: tokenField(body, ["access_token", "accessToken"], what),
        expiresInSeconds: tokenSeconds(body, ["expires_in", "expiresIn"], what, null),
        refreshToken: typeof body.refresh_token === "string" && body.refresh_token ? body.refresh_token : null,
      };
    },
    headers: (_c, accessToken) => ({ authorization: `Bearer ${accessToken}` }),
  },
  // A private app (static) token is sent as it is: nothing to refresh.
  authFor: (c) => ("accessToken" in c ? { kind: "static", headers: (token) => ({ authorization: `Bearer ${(token as { accessToken: string }).accessToken}` }) } : hubspotApi.auth),
  limits: { calls: { count: 5, perSeconds: 1 } },
  rateSignal: rateSignalOf,
  hydrates: ["contact", "company"],
  hydrate,
  listChanges,
  changeHorizonDays: null,
  // Search is eventually consistent ("a few moments"): re-read the last five minutes.
  changeOverlapSeconds: 300,
};

function rateSignalOf(response: { headers: Headers }): RateSignal | null {
  const max = Number(response.headers.get("x-hubspot-ratelimit-max"));
  const remaining = Number(response.headers.get("x-hubspot-ratelimit-remaining"));
  const intervalMs = Number(response.headers.get("x-hubspot-ratelimit-interval-milliseconds") ?? "10000");
  if (!response.headers.has("x-hubspot-ratelimit-remaining") || !(max > 0) || !Number.isFinite(remaining) || !(intervalMs > 0)) return null;
  return { bucket: { available: Math.max(0, remaining), size: max, restorePerSecond: max / (intervalMs / 1000) } };
}

async function hydrate(session: ApiSession, refs: ThinRef[]): Promise<Map<string, Hydrated>> {
  const result = new Map<string, Hydrated>();
  for (const type of Object.keys(OBJECTS) as ObjectType[]) {
    const ids = [...new Set(refs.filter((r) => r.resource === type).map((r) => r.externalId))];
    for (let i = 0; i < ids.length; i += BATCH_READ_MAX) {
      const batch = ids.slice(i, i + BATCH_READ_MAX);
      for (const [id, hydrated] of await batchRead(session, type, batch)) result.set(id, hydrated);
    }
  }
  for (const ref of refs) {
    if (!result.has(ref.externalId)) throw new ProviderApiError("config", `HubSpot ${ref.resource} ${ref.externalId}: resource "${ref.resource}" is not read by this client (contact, company)`);
  }
  return notOlderThanTheirEvents(result, refs);
}

async function batchRead(session: ApiSession, type: ObjectType, ids: string[]): Promise<Map<string, Hydrated>> {
  const spec = OBJECTS[type];
  const what = `HubSpot ${type} batch read (${ids.length})`;
  const response = await session.request({
    method: "POST",
    path: `/crm/v3/objects/${spec.path}/batch/read`,
    query: { archived: "false" },
    json: { inputs: ids.map((id) => ({ id })), properties: spec.properties },
    what,
  });
  const body = object(response.json);
  if (!body || !Array.isArray(body.results)) throw new ProviderApiError("data", `${what}: the answer has no "results" list`, response.status);
  const wanted = new Set(ids);
  const out = new Map<string, Hydrated>();
  for (const record of objectsIn(body.results)) {
    const id = idOf(record.id);
    if (!id) throw new ProviderApiError("data", `${what}: a result has no "id"`, response.status);
    if (record.archived === true) {
      if (wanted.has(id)) out.set(id, { status: "deleted" });
      continue;
    }
    if (wanted.has(id)) out.set(id, { status: "found", event: eventOf(type, record, id, "batch/read") });
    // Read by an id merged into this record: that entity no longer exists on its own.
    for (const merged of (text(object(record.properties)?.hs_merged_object_ids) ?? "").split(";")) {
      if (wanted.has(merged) && merged !== id && !out.has(merged)) out.set(merged, { status: "deleted" });
    }
  }
  for (const error of objectsIn(body.errors)) {
    if (text(error.category) !== "OBJECT_NOT_FOUND") {
      throw new ProviderApiError("data", `${what}: HubSpot reported ${text(error.category) ?? "an error"}: ${(text(error.message) ?? "").slice(0, 200)}`, response.status);
    }
    for (const id of Array.isArray(object(error.context)?.ids) ? (object(error.context)!.ids as unknown[]) : []) {
      const missing = idOf(id);
      if (missing && wanted.has(missing) && !out.has(missing)) out.set(missing, { status: "deleted" });
    }
  }
  const absent = ids.filter((id) => !out.has(id));
  if (absent.length) throw new ProviderApiError("data", `${what}: the answer says nothing of id(s) ${absent.slice(0, 5).join(", ")}`, response.status);
  return out;
}

/** Where a listing is inside its window (opaque to the caller). */
interface SearchCursor {
  /** Index into the kinds asked for. */
  k: number;
  /** Start (epoch ms, inclusive) of the current slice of the window. */
  s: number;
  /** HubSpot's `after` within the slice. */
  a: string | null;
  /** Paging records of one millisecond (`s`) by id, after this id. */
  t?: string;
}

async function listChanges(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage> {
  const types = kinds.map((k) => OBJECT_OF_KIND[k]).filter((t): t is ObjectType => t !== undefined);
  let cursor = window.cursor ? parseCursor(window.cursor) : { k: 0, s: window.since, a: null };
  const type = types[cursor.k];
  if (!type) return { events: [], cursor: null };
  const spec = OBJECTS[type];
  const what = `HubSpot ${type} search`;
  const tieMode = cursor.t !== undefined;
  const filters = tieMode
    ? [
        { propertyName: spec.modified, operator: "EQ", value: String(cursor.s) },
        { propertyName: "hs_object_id", operator: "GT", value: cursor.t },
      ]
    : [
        { propertyName: spec.modified, operator: "GTE", value: String(cursor.s) },
        { propertyName: spec.modified, operator: "LT", value: String(window.until) },
      ];
  const response = await session.request({
    method: "POST",
    path: `/crm/v3/objects/${spec.path}/search`,
    json: {
      filterGroups: [{ filters }],
      sorts: [{ propertyName: tieMode ? "hs_object_id" : spec.modified, direction: "ASCENDING" }],
      properties: spec.properties,
      limit: SEARCH_PAGE_MAX,
      ...(cursor.a ? { after: cursor.a } : {}),
    },
    what,
  });
  const body = object(response.json);
  if (!body || !Array.isArray(body.results)) throw new ProviderApiError("data", `${what}: the answer has no "results" list`, response.status);
  const events: NormalizedEvent[] = [];
  let lastModified = cursor.s;
  let lastId: string | null = null;
  for (const record of objectsIn(body.results)) {
    const id = idOf(record.id);
    if (!id) throw new ProviderApiError("data", `${what}: a result has no "id"`, response.status);
    const event = eventOf(type, record, id, "search");
    lastModified = Math.max(lastModified, event.version);
    lastId = id;
    events.push({ deliveryId: `${type}-${id}@${event.version}`, event });
  }
  const after = text(object(object(body.paging)?.next)?.after);
  const next = nextCursor(cursor, { after, lastModified, lastId, pageSize: events.length });
  if (next) return { events, cursor: JSON.stringify(next) };
  // This object type is done: the next one starts at the window's beginning.
  const following = cursor.k + 1;
  return { events, cursor: following < types.length ? JSON.stringify({ k: following, s: window.since, a: null }) : null };
}

/** The cursor after a page, or null when this object type's window is exhausted. */
function nextCursor(cursor: SearchCursor, page: { after: string | null; lastModified: number; lastId: string | null; pageSize: number }): SearchCursor | null {
  if (cursor.t !== undefined) {
    // Records of one millisecond, by id: a short page ends them; the slice goes on after that millisecond.
    if (page.pageSize < SEARCH_PAGE_MAX || !page.lastId) return { k: cursor.k, s: cursor.s + 1, a: null };
    return { k: cursor.k, s: cursor.s, a: null, t: page.lastId };
  }
  if (!page.after) return null;
  if (Number(page.after) + SEARCH_PAGE_MAX <= SEARCH_RESULTS_MAX) return { ...cursor, a: page.after };
  // The next page would pass HubSpot's 10,000-result cap: a new slice from the last date seen
  // (its records are read again: same delivery ids, duplicates), or by id when a whole slice
  // shares that one millisecond.
  if (page.lastModified > cursor.s) return { k: cursor.k, s: page.lastModified, a: null };
  return { k: cursor.k, s: cursor.s, a: null, t: "0" };
}

function parseCursor(raw: string): SearchCursor {
  try {
    const parsed = object(JSON.parse(raw));
    if (parsed && typeof parsed.k === "number" && typeof parsed.s === "number" && (parsed.a === null || typeof parsed.a === "string")) return parsed as unknown as SearchCursor;
  } catch {
    // fall through
  }
  throw new ProviderApiError("data", `HubSpot search: the listing cursor ${JSON.stringify(raw.slice(0, 40))} is not one this client wrote`);
}

/** A contact or company record of the CRM API as the webhook module's canonical event (full). */
function eventOf(type: ObjectType, record: Json, id: string, topic: string): CanonicalEvent {
  const spec = OBJECTS[type];
  const p = object(record.properties) ?? {};
  const stamp = text(p[spec.modified]) ?? text(record.updatedAt);
  const version = stamp === null ? NaN : /^\d+$/.test(stamp) ? Number(stamp) : Date.parse(stamp);
  if (!Number.isSafeInteger(version) || version <= 0) {
    throw new ProviderApiError("data", `HubSpot ${type} ${id}: no readable "${spec.modified}" or "updatedAt"`);
  }
  const envelope = {
    schema: CANONICAL_SCHEMA,
    provider: "hubspot",
    topic: `${spec.path}/${topic}`,
    type: `${spec.kind}.updated`,
    externalId: id,
    version,
    occurredAt: new Date(version).toISOString(),
    action: "upsert" as const,
  };
  return type === "contact" ? { ...envelope, kind: "customer", data: contactData(p) } : { ...envelope, kind: "company", data: companyData(p) };
}

const prop = (p: Json, name: string): string | null => text(p[name]);
/** A 2-letter code as written, else null (HubSpot's free-text `country` is not a code Odoo knows). */
const countryCode = (value: string | null): string | null => (value && /^[A-Za-z]{2}$/.test(value.trim()) ? value.trim().toUpperCase() : null);
/** A short state code ("CA", "NSW"), else null (a state's full name is not a code). */
const stateCode = (value: string | null): string | null => (value && /^[A-Za-z0-9]{1,3}$/.test(value.trim()) ? value.trim().toUpperCase() : null);

function addressOf(p: Json, name: string | null, company: string | null, phone: string | null): Address | null {
  const address: Address = {
    name,
    company,
    street: prop(p, "address"),
    street2: prop(p, "address2"),
    city: prop(p, "city"),
    zip: prop(p, "zip"),
    stateCode: stateCode(prop(p, "hs_state_code")) ?? stateCode(prop(p, "state")),
    countryCode: countryCode(prop(p, "hs_country_region_code")) ?? countryCode(prop(p, "country")),
    phone,
  };
  return address.street || address.city || address.zip || address.countryCode ? address : null;
}

function contactData(p: Json): CustomerData {
  const firstName = prop(p, "firstname");
  const lastName = prop(p, "lastname");
  const phone = prop(p, "phone");
  const company = prop(p, "company");
  return { email: prop(p, "email"), firstName, lastName, phone, company, address: addressOf(p, fullName(firstName, lastName), company, phone) };
}

function companyData(p: Json): CompanyData {
  const name = prop(p, "name") ?? prop(p, "domain") ?? "(unnamed company)";
  const phone = prop(p, "phone");
  return { name, domain: prop(p, "domain"), email: null, phone, vat: null, address: addressOf(p, null, name, phone) };
}

// ---- the way back (issue #17): Odoo's invoice and account status as object properties ----

/** CRM objects the outbound flows write properties to. */
export type HubSpotWritableObject = "deals" | "companies" | "contacts";

/**
 * `PATCH /crm/v3/objects/{deals|companies|contacts}/{id}` `{properties}` (api-reference crm
 * objects "Update"): only the properties sent change, "" clears one; 200 with the object. A
 * property the portal does not have is a 400 `VALIDATION_ERROR` whose message lists
 * `PROPERTY_DOESNT_EXIST`: a set-up error (`config`: an admin creates the property or renames it
 * in the routing), not bad data. An archived or deleted object is 404 (`not_found`).
 */
export async function updateHubSpotObject(session: ApiSession, type: HubSpotWritableObject, id: string, properties: Record<string, string | null>): Promise<void> {
  const what = `HubSpot ${type} ${id} update`;
  if (!/^\d+$/.test(id)) throw new ProviderApiError("data", `${what}: "${id.slice(0, 40)}" is not a HubSpot object id`);
  try {
    const response = await session.request({
      method: "PATCH",
      path: `/crm/v3/objects/${type}/${id}`,
      json: { properties: Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, value ?? ""])) },
      what,
    });
    if (idOf(object(response.json)?.id) !== id) throw new ProviderApiError("data", `${what}: the answer is not the updated object`, response.status);
  } catch (err) {
    if (err instanceof ProviderApiError && err.status === 400 && err.message.includes("PROPERTY_DOESNT_EXIST")) {
      throw new ProviderApiError("config", `${err.message} (create the ${type} properties in HubSpot, or name existing ones in the routing)`, 400);
    }
    throw err;
  }
}

// ---- the way back: email subscription status (src/outbound/flows/consent.ts) ----
//
// The communication preferences API, date-versioned like the token endpoint (2026-03; developers.
// hubspot.com/docs/api-reference/2026-03/communication-preferences/guide; scopes
// `subscriptions-status-read` / `subscriptions-status-write`), keyed by the email address
// (`subscriberIdString`), channel EMAIL:
// - `GET /communication-preferences/2026-03/statuses/{email}/unsubscribe-all?channel=EMAIL`:
//   whether the contact opted out of all email; "If a contact has not opted out of all
//   communications, the response `results` array will be empty."
// - `POST .../statuses/{email}/unsubscribe-all?channel=EMAIL`: opts the contact out of all email.
// Re-subscribing needs a subscription type and a legal basis per type (HubSpot refuses to
// resubscribe an opted-out contact without one): the router never does it (consent.ts).

const PREFERENCES = "/communication-preferences/2026-03/statuses";

/** Whether HubSpot holds `email` as opted out of all email, and since when (ISO), from its wide statuses. */
export async function hubspotEmailOptOut(session: ApiSession, email: string): Promise<{ optedOut: boolean; at: string | null }> {
  const what = `HubSpot unsubscribe-all status of ${email}`;
  const response = await session.request({ path: `${PREFERENCES}/${encodeURIComponent(email)}/unsubscribe-all`, query: { channel: "EMAIL" }, what });
  const body = object(response.json);
  if (!body || !Array.isArray(body.results)) throw new ProviderApiError("data", `${what}: the answer has no "results" list`, response.status);
  const results = objectsIn(body.results).filter((r) => (text(r.channel) ?? "EMAIL") === "EMAIL");
  const times = results.map((r) => text(r.timestamp)).filter((t): t is string => t !== null).sort();
  return { optedOut: results.length > 0, at: times.at(-1) ?? null };
}

/** Opts `email` out of all email in the portal (idempotent: an opted-out contact stays so). */
export async function hubspotUnsubscribeAll(session: ApiSession, email: string): Promise<void> {
  const what = `HubSpot unsubscribe-all of ${email}`;
  const response = await session.request({ method: "POST", path: `${PREFERENCES}/${encodeURIComponent(email)}/unsubscribe-all`, query: { channel: "EMAIL" }, what });
  const body = object(response.json);
  if (!body || !Array.isArray(body.results)) throw new ProviderApiError("data", `${what}: the answer has no "results" list`, response.status);
  const errors = objectsIn(body.errors);
  if (errors.length) throw new ProviderApiError("data", `${what}: HubSpot reported ${text(errors[0]!.category) ?? "an error"}: ${(text(errors[0]!.message) ?? "").slice(0, 200)}`, response.status);
}
