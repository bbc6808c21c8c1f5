/**
 * Zendesk's Support API client: reads the users behind thin user webhook events (show many users)
 * and lists what changed (cursor-based incremental exports of users and tickets).
 *
 * Sources (developer.zendesk.com):
 * - Auth (api-basics/authentication, oauth-migration): an API token, Basic
 *   `{email}/token:{api_token}` (Zendesk stops new tokens on 2026-10-27 and deactivates every token
 *   on 2027-04-30), an OAuth access token (`Authorization: Bearer`), or OAuth with a refresh token:
 *   `POST https://{subdomain}.zendesk.com/oauth/tokens` `{grant_type:"refresh_token", refresh_token,
 *   client_id, client_secret}` (api-reference/ticketing/oauth/grant_type_tokens). A refresh returns
 *   a new refresh token and deletes the previous access and refresh tokens (support article
 *   9182123625370): single use, stored before use by the connection object. Access tokens live
 *   30 minutes by default (`expires_in`). A confidential OAuth client may instead use the client
 *   credentials grant (`grant_type: "client_credentials"`, `scope`; no refresh token): a new token
 *   whenever one expires. Writes (organization and user fields) need the `write` scope.
 * - Limits (api-reference/introduction/rate-limits): per account and minute by plan: Team 200,
 *   Growth/Professional 400, Enterprise 700, Enterprise Plus and High Volume 2,500. The gate keeps
 *   to the connection's `requestsPerMinute`, by default the lowest current plan (200/min), as a
 *   bucket; an account on a smaller legacy plan (its `X-Rate-Limit` header below 200) is reported
 *   as it is. The incremental exports have their own limit, 10 requests per minute
 *   (incremental_exports reference): each costs a tenth of the plan's bucket.
 *   Over a limit: 429 with `Retry-After` (seconds).
 * - Users (api-reference/ticketing/users/users): `GET /api/v2/users/show_many.json?ids=1,2` (at most
 *   100 ids); a deleted user is `active: false` (soft-deleted) or absent: deleted upstream.
 * - Incremental exports (documentation/ticketing/managing-tickets/using-the-incremental-export-api):
 *   `GET /api/v2/incremental/{users|tickets}/cursor.json?start_time=<unix s>` then `?cursor=<after_cursor>`
 *   until `end_of_stream`; items changed in the last minute are excluded (a `start_time` later than
 *   now - 60 s is refused), deleted tickets come with `status: "deleted"`.
 *
 * Events carry the webhook module's semantics (src/providers/zendesk.ts): externalId = the user or
 * ticket id, version = epoch ms of `updated_at`; a user is a full customer (its name, email and
 * phone), a ticket the webhook's ticket data.
 */
import * as z from "zod";
import { CANONICAL_SCHEMA, type CanonicalEvent, type CustomerData, type EntityKind } from "../events/canonical";
import { idOf, isoMillis, object, objectsIn, text, type Json } from "./json-values";
import { notOlderThanTheirEvents } from "./hydrated-versions";
import { postTokenForm, tokenField, tokenSeconds } from "./oauth2-token-form";
import type { NormalizedEvent } from "./provider";
import { ProviderApiError, type ApiSession, type ChangePage, type ChangeWindow, type Hydrated, type ProviderApi, type RateSignal, type ThinRef } from "./provider-api";
import { ticketData } from "./zendesk-records";

/** Zendesk's documented show_many maximum. */
export const SHOW_MANY_MAX = 100;
/** Requests per minute of the lowest current Suite/Support plan (Team). */
export const PLAN_REQUESTS_PER_MINUTE = 200;
/** Requests per minute of the incremental export endpoints. */
export const INCREMENTAL_REQUESTS_PER_MINUTE = 10;
/** Items changed in the last minute are not exported yet. */
const EXPORT_LAG_SECONDS = 60;

const subdomain = z.string().regex(/^[a-z0-9][a-z0-9-]*$/i, "the account's subdomain (the 'acme' of acme.zendesk.com)");
const baseUrl = z.url({ protocol: /^https?$/ }).optional();
/** The account's plan limit per minute (Team 200 by default; Growth/Professional 400, Enterprise 700, Enterprise Plus 2500). */
const requestsPerMinute = z.number().int().min(10).max(2500).optional();
const credentialsSchema = z.union([
  z.object({ subdomain, email: z.email(), apiToken: z.string().min(1), requestsPerMinute, baseUrl }).strict(),
  z.object({ subdomain, accessToken: z.string().min(1), requestsPerMinute, baseUrl }).strict(),
  z.object({ subdomain, clientId: z.string().min(1), clientSecret: z.string().min(1), refreshToken: z.string().min(1), requestsPerMinute, baseUrl }).strict(),
  // A confidential OAuth client's own token (client credentials grant): no user authorization to renew.
  z.object({ subdomain, clientId: z.string().min(1), clientSecret: z.string().min(1), scope: z.string().min(1).optional(), requestsPerMinute, baseUrl }).strict(),
], { error: 'expected "subdomain" with {"email","apiToken"}, {"accessToken"}, {"clientId","clientSecret","refreshToken"} (OAuth2) or {"clientId","clientSecret"} (OAuth2 client credentials, optional "scope"), and optionally "requestsPerMinute"' });
export type ZendeskCredentials = z.infer<typeof credentialsSchema>;

const EXPORTS = {
  customer: { path: "users", key: "users" },
  ticket: { path: "tickets", key: "tickets" },
} as const;
type ExportedKind = keyof typeof EXPORTS;

const hostOf = (c: ZendeskCredentials) => `https://${c.subdomain}.zendesk.com`;
/** What a client-credentials token asks for: reads (hydration, listings) and writes (account status fields). */
export const CLIENT_CREDENTIALS_SCOPE = "read write";

export const zendeskApi: ProviderApi<ZendeskCredentials> = {
  credentialsSchema,
  defaultBaseUrl: hostOf,
  publicFields: ["subdomain", "email", "clientId", "scope", "requestsPerMinute"],
  auth: {
    kind: "oauth2",
    initialRefreshToken: (c) => ("refreshToken" in c ? c.refreshToken : null),
    async refresh(fetch, c, refreshToken) {
      if (!("clientId" in c)) throw new ProviderApiError("config", "Zendesk: an API token or access token connection has nothing to refresh");
      const what = "Zendesk token refresh";
      const url = `${(c.baseUrl ?? hostOf(c)).replace(/\/+$/, "")}/oauth/tokens`;
      const body =
        "refreshToken" in c
          ? await postTokenForm(fetch, {
              what,
              url,
              encoding: "json",
              form: { grant_type: "refresh_token", refresh_token: refreshToken ?? c.refreshToken, client_id: c.clientId, client_secret: c.clientSecret },
              fix: "authorize the OAuth client again and set the new refreshToken",
            })
          : // Writes (the way back's organization and user fields) need the "write" scope.
            await postTokenForm(fetch, {
              what,
              url,
              encoding: "json",
              form: { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret, scope: c.scope ?? CLIENT_CREDENTIALS_SCOPE },
              fix: "check the OAuth client's id and secret (a confidential client) in Admin Center",
            });
      return {
        accessToken: tokenField(body, ["access_token"], what),
        // Older clients get tokens without expiry (no `expires_in`): kept a day, a 401 refreshes sooner.
        expiresInSeconds: tokenSeconds(body, ["expires_in"], what, 24 * 3600),
        refreshToken: typeof body.refresh_token === "string" && body.refresh_token ? body.refresh_token : null,
      };
    },
    headers: (_c, accessToken) => ({ authorization: `Bearer ${accessToken}` }),
  },
  // An API token (Basic) or a plain OAuth access token is sent as it is: nothing to refresh.
  authFor: (c) =>
    "apiToken" in c
      ? { kind: "static", headers: (k) => ({ authorization: `Basic ${btoa(`${(k as typeof c).email}/token:${(k as typeof c).apiToken}`)}` }) }
      : "accessToken" in c
        ? { kind: "static", headers: (k) => ({ authorization: `Bearer ${(k as typeof c).accessToken}` }) }
        : zendeskApi.auth,
  limits: planLimits(PLAN_REQUESTS_PER_MINUTE),
  limitsOf: (c) => planLimits(c.requestsPerMinute ?? PLAN_REQUESTS_PER_MINUTE),
  rateSignal: rateSignalOf,
  hydrates: ["user"],
  hydrate,
  listChanges,
  changeHorizonDays: null,
  changeOverlapSeconds: 120,
};

/** A legacy plan below the default (Essential: 10/min) slows the gate to what the account has. */
const planOf = (session: ApiSession): number => {
  const configured = session.credentials.requestsPerMinute;
  return typeof configured === "number" && configured > 0 ? configured : PLAN_REQUESTS_PER_MINUTE;
};

/** The plan's requests per minute as a bucket (a minute's worth, refilled continuously). */
function planLimits(perMinute: number) {
  return { costBucket: { size: perMinute, restorePerSecond: perMinute / 60 } };
}

function rateSignalOf(response: { headers: Headers }): RateSignal | null {
  const limit = Number(response.headers.get("x-rate-limit"));
  const remaining = Number(response.headers.get("x-rate-limit-remaining"));
  if (!(limit > 0) || limit >= PLAN_REQUESTS_PER_MINUTE || !Number.isFinite(remaining) || !response.headers.has("x-rate-limit-remaining")) return null;
  return { bucket: { available: Math.max(0, remaining), size: limit, restorePerSecond: limit / 60 } };
}

async function hydrate(session: ApiSession, refs: ThinRef[]): Promise<Map<string, Hydrated>> {
  const result = new Map<string, Hydrated>();
  const unknown = refs.find((r) => r.resource !== "user");
  if (unknown) throw new ProviderApiError("config", `Zendesk ${unknown.resource} ${unknown.externalId}: only users are read by this client`);
  const ids = [...new Set(refs.map((r) => r.externalId))];
  for (let i = 0; i < ids.length; i += SHOW_MANY_MAX) {
    const batch = ids.slice(i, i + SHOW_MANY_MAX);
    const what = `Zendesk users show_many (${batch.length})`;
    const response = await session.request({ path: "/api/v2/users/show_many.json", query: { ids: batch.join(",") }, what });
    const users = object(response.json)?.users;
    if (!Array.isArray(users)) throw new ProviderApiError("data", `${what}: the answer has no "users" list`, response.status);
    for (const user of objectsIn(users)) {
      const id = idOf(user.id);
      if (!id || !batch.includes(id)) continue;
      result.set(id, user.active === false ? { status: "deleted" } : { status: "found", event: userEvent(user, id, "users/show_many") });
    }
    // Zendesk leaves out ids it does not have (never created, or deleted for good).
    for (const id of batch) if (!result.has(id)) result.set(id, { status: "deleted" });
  }
  return notOlderThanTheirEvents(result, refs);
}

interface ExportCursor {
  /** Index into the kinds asked for. */
  k: number;
  /** Zendesk's `after_cursor` (null: start at the window's `since`). */
  c: string | null;
}

async function listChanges(session: ApiSession, window: ChangeWindow, kinds: readonly EntityKind[]): Promise<ChangePage> {
  const exported = kinds.filter((k): k is ExportedKind => Object.hasOwn(EXPORTS, k));
  const cursor = window.cursor ? parseCursor(window.cursor) : { k: 0, c: null };
  const kind = exported[cursor.k];
  if (!kind) return { events: [], cursor: null };
  const spec = EXPORTS[kind];
  const what = `Zendesk incremental ${spec.path} export`;
  const startTime = Math.min(Math.floor(window.since / 1000), Math.floor(Date.now() / 1000) - EXPORT_LAG_SECONDS);
  const response = await session.request({
    path: `/api/v2/incremental/${spec.path}/cursor.json`,
    query: cursor.c ? { cursor: cursor.c } : { start_time: Math.max(0, startTime) },
    // The export endpoints allow 10 a minute: in the plan's bucket, each costs what leaves 10 a minute.
    cost: Math.max(1, Math.floor(planOf(session) / INCREMENTAL_REQUESTS_PER_MINUTE)),
    what,
  });
  const body = object(response.json);
  const items = body?.[spec.key];
  if (!body || !Array.isArray(items)) throw new ProviderApiError("data", `${what}: the answer has no "${spec.key}" list`, response.status);
  const events: NormalizedEvent[] = [];
  let pastWindow = false;
  for (const item of objectsIn(items)) {
    const id = idOf(item.id);
    if (!id) throw new ProviderApiError("data", `${what}: an item has no "id"`, response.status);
    const event = kind === "customer" ? userEvent(item, id, "incremental/users") : ticketEvent(item, id);
    if (event.version >= window.until) {
      pastWindow = true;
      continue;
    }
    if (event.version < window.since) continue;
    events.push({ deliveryId: `${kind === "customer" ? "user" : "ticket"}-${id}@${event.version}`, event });
  }
  const after = text(body.after_cursor);
  if (body.end_of_stream !== true && !pastWindow && after) return { events, cursor: JSON.stringify({ k: cursor.k, c: after }) };
  const following = cursor.k + 1;
  return { events, cursor: following < exported.length ? JSON.stringify({ k: following, c: null }) : null };
}

function parseCursor(raw: string): ExportCursor {
  try {
    const parsed = object(JSON.parse(raw));
    if (parsed && typeof parsed.k === "number" && (parsed.c === null || typeof parsed.c === "string")) return parsed as unknown as ExportCursor;
  } catch {
    // fall through
  }
  throw new ProviderApiError("data", `Zendesk incremental export: the listing cursor ${JSON.stringify(raw.slice(0, 40))} is not one this client wrote`);
}

function versionOf(item: Json, what: string): number {
  const version = isoMillis(item.updated_at);
  if (version === null) throw new ProviderApiError("data", `${what}: no readable "updated_at"`);
  return version;
}

function userEvent(user: Json, id: string, topic: string): CanonicalEvent {
  const version = versionOf(user, `Zendesk user ${id}`);
  const deleted = user.active === false;
  return {
    schema: CANONICAL_SCHEMA,
    provider: "zendesk",
    kind: "customer",
    topic,
    type: deleted ? "customer.deleted" : "customer.updated",
    externalId: id,
    version,
    occurredAt: new Date(version).toISOString(),
    action: deleted ? "delete" : "upsert",
    data: customerData(user),
  };
}

/** A user's full name split at its last space, so that "First Last" written back is the name as Zendesk has it. */
function customerData(user: Json): CustomerData {
  const name = text(user.name)?.trim() ?? null;
  const cut = name ? name.lastIndexOf(" ") : -1;
  return {
    email: text(user.email),
    firstName: name ? (cut > 0 ? name.slice(0, cut) : name) : null,
    lastName: name && cut > 0 ? name.slice(cut + 1) : null,
    phone: text(user.phone),
    company: null,
    address: null,
  };
}

function ticketEvent(ticket: Json, id: string): CanonicalEvent {
  const version = versionOf(ticket, `Zendesk ticket ${id}`);
  const deleted = text(ticket.status) === "deleted";
  return {
    schema: CANONICAL_SCHEMA,
    provider: "zendesk",
    kind: "ticket",
    topic: "incremental/tickets",
    type: deleted ? "ticket.deleted" : "ticket.updated",
    externalId: id,
    version,
    occurredAt: new Date(version).toISOString(),
    action: deleted ? "delete" : "upsert",
    data: ticketData(ticket),
  };
}

// ---- the way back (issue #17): Odoo's account status on organizations and users ----

const FIELDS_OF = {
  organizations: { one: "organization", fields: "organization_fields" },
  users: { one: "user", fields: "user_fields" },
} as const;

/**
 * `PUT /api/v2/{organizations|users}/{id}` `{organization:{organization_fields:{key:value}}}` /
 * `{user:{user_fields:{...}}}` (api-reference/ticketing/organizations, users): 200 with the
 * record. A value the field's type refuses (text in a decimal field) is `422 RecordInvalid`
 * (`data`); a key no custom field has is dropped silently by Zendesk, so the answer is checked:
 * a key missing from it is a set-up error (`config`: create the field in Admin Center, or name
 * another in the routing). Writing needs the OAuth `write` scope (403 otherwise: `config`).
 */
export async function updateZendeskFields(session: ApiSession, resource: keyof typeof FIELDS_OF, id: string, fields: Record<string, string | number | boolean | null>): Promise<void> {
  const spec = FIELDS_OF[resource];
  const what = `Zendesk ${spec.one} ${id} update`;
  if (!/^\d+$/.test(id)) throw new ProviderApiError("data", `${what}: "${id.slice(0, 40)}" is not a Zendesk id`);
  const response = await session.request({ method: "PUT", path: `/api/v2/${resource}/${id}`, json: { [spec.one]: { [spec.fields]: fields } }, what });
  const record = object(object(response.json)?.[spec.one]);
  if (!record || idOf(record.id) !== id) throw new ProviderApiError("data", `${what}: the answer is not the updated ${spec.one}`, response.status);
  const held = object(record[spec.fields]) ?? {};
  const missing = Object.keys(fields).filter((key) => !Object.hasOwn(held, key));
  if (missing.length) {
    throw new ProviderApiError("config", `${what}: Zendesk has no ${spec.one} field with key ${missing.map((k) => `"${k}"`).join(", ")} (create it in Admin Center, or name an existing one in the routing)`, response.status);
  }
}
