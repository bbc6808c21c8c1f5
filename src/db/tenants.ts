/**
 * Tenants, their sources and API tokens in D1. Secrets and API keys are sealed with SECRETS_KEY
 * before they are written and opened only where they are used; no function here returns them to
 * an HTTP caller.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env";
import type { OdooConnection } from "../odoo/client";
import type { SourceConfig } from "../providers/provider";
import { deliverySettingsSchema, type DeliverySettings } from "../tenant/delivery-settings";
import { keyRingOf, open, seal } from "../security/secret-box";
import { retentionSchema, type Retention } from "../retention/retention";
import { sources, tenants } from "./schema";
import { redactSecrets } from "./admin-changes";

/** The additional data a sealed value is bound to (see security/secret-box.ts). */
export const tenantContext = (tenantId: string) => `tenant:${tenantId}`;
export const sourceContext = (tenantId: string, sourceId: string) => `source:${tenantId}/${sourceId}`;
/** A source's API connection has its own context: it cannot be swapped with the source's secrets. */
export const sourceApiContext = (tenantId: string, sourceId: string) => `source-api:${tenantId}/${sourceId}`;

/** A source's `api` as `PUT .../sources/{s}` stores it: the credentials (sealed) and what may be shown. */
export interface SourceApiInput {
  credentials: Record<string, unknown>;
  /** baseUrl and the provider's public fields. */
  shown: Record<string, unknown>;
}

/**
 * Creates or replaces a tenant. The API key is sealed in the same statement that writes the rest,
 * so a key rotation (the new key, verified against Odoo by the caller) is one atomic swap; with
 * no `apiKey` an existing tenant keeps the key it has.
 */
export async function putTenant(
  env: Env,
  tenantId: string,
  odoo: Omit<OdooConnection, "apiKey"> & { apiKey?: string },
  delivery: Record<string, unknown> = {},
  retention: Retention = {},
): Promise<{ created: boolean }> {
  const db = drizzle(env.DB);
  const existing = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).get();
  const sealedKey = odoo.apiKey === undefined ? undefined : await seal(keyRingOf(env), odoo.apiKey, tenantContext(tenantId));
  const row = {
    odooUrl: odoo.url,
    odooDatabase: odoo.database,
    odooLogin: odoo.login,
    odooProtocol: odoo.protocol,
    delivery,
    retention,
    updatedAt: Date.now(),
  };
  if (sealedKey === undefined) {
    if (!existing) throw new Error(`tenant "${tenantId}" needs an Odoo API key`);
    await db.update(tenants).set(row).where(eq(tenants.id, tenantId));
  } else {
    const withKey = { ...row, odooApiKeySealed: sealedKey };
    await db.insert(tenants).values({ id: tenantId, ...withKey }).onConflictDoUpdate({ target: tenants.id, set: withKey });
  }
  return { created: !existing };
}

/** A tenant's retention settings ({} = the defaults). */
export async function getTenantRetention(d1: D1Database, tenantId: string): Promise<Retention | null> {
  const row = await drizzle(d1).select({ retention: tenants.retention }).from(tenants).where(eq(tenants.id, tenantId)).get();
  return row ? retentionSchema.parse(row.retention ?? {}) : null;
}

export async function tenantExists(env: Env, tenantId: string): Promise<boolean> {
  const row = await drizzle(env.DB).select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).get();
  return row !== undefined;
}

export async function getOdooConnection(env: Env, tenantId: string): Promise<OdooConnection | null> {
  return (await getTenantDelivery(env, tenantId))?.connection ?? null;
}

/** What the write consumer needs of a tenant: its Odoo connection and delivery settings. */
export interface TenantDelivery {
  connection: OdooConnection;
  settings: DeliverySettings;
}

export async function getTenantDelivery(env: Env, tenantId: string): Promise<TenantDelivery | null> {
  const row = await drizzle(env.DB).select().from(tenants).where(eq(tenants.id, tenantId)).get();
  return row ? tenantDeliveryOf(env, tenantId, row) : null;
}

/** A tenant row's connection (its API key opened) and settings (parsed): db/write-tenant.ts reads the row itself. */
export async function tenantDeliveryOf(
  env: Env,
  tenantId: string,
  row: Pick<typeof tenants.$inferSelect, "odooUrl" | "odooDatabase" | "odooLogin" | "odooApiKeySealed" | "odooProtocol" | "delivery">,
): Promise<TenantDelivery> {
  return {
    connection: {
      url: row.odooUrl,
      database: row.odooDatabase,
      login: row.odooLogin,
      apiKey: await open(keyRingOf(env), row.odooApiKeySealed, tenantContext(tenantId)),
      protocol: row.odooProtocol,
    },
    settings: deliverySettingsSchema.parse(row.delivery),
  };
}

export async function putSource(
  env: Env,
  tenantId: string,
  sourceId: string,
  /** `api`: absent = keep the stored connection, null = remove it. */
  input: { provider: string; secrets: string[]; options: Record<string, unknown>; api?: SourceApiInput | null },
): Promise<{ created: boolean }> {
  const db = drizzle(env.DB);
  const existing = await db
    .select({ id: sources.id })
    .from(sources)
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .get();
  const row = {
    provider: input.provider,
    secretsSealed: await seal(keyRingOf(env), JSON.stringify(input.secrets), sourceContext(tenantId, sourceId)),
    options: input.options,
    updatedAt: Date.now(),
    ...(input.api === undefined ? {} : await apiColumns(env, tenantId, sourceId, input.api)),
  };
  // A new `api` is a new version (the connection object starts afresh). A time stamp, kept
  // increasing: a source deleted and created again must not go back to a version its connection
  // object has seen (it would refuse the callers as stale).
  const now = Date.now();
  const version = input.api === undefined ? {} : { apiVersion: sql`max(${sources.apiVersion} + 1, ${now})` };
  await db
    .insert(sources)
    .values({ tenantId, id: sourceId, ...row, ...(input.api === undefined ? {} : { apiVersion: now }) })
    .onConflictDoUpdate({ target: [sources.tenantId, sources.id], set: { ...row, ...version } });
  sourceCache.delete(`${tenantId}/${sourceId}`);
  return { created: !existing };
}

/** A new `api` (or its removal): a new version, so the connection object starts afresh. */
async function apiColumns(env: Env, tenantId: string, sourceId: string, api: SourceApiInput | null) {
  return {
    apiSealed: api === null ? null : await seal(keyRingOf(env), JSON.stringify(api.credentials), sourceApiContext(tenantId, sourceId)),
    apiPublic: api === null ? null : api.shown,
    apiStatus: null,
    apiStatusDetail: null,
    apiStatusAt: null,
  };
}

/** A source's API connection as the connection code uses it (credentials opened); null = no `api`. */
export interface SourceApi {
  provider: string;
  /** Changes with every PUT of `api` (see sources.apiVersion). */
  version: number;
  credentials: Record<string, unknown>;
  /** The source's webhook options (routes of the generic providers). */
  options: Record<string, unknown>;
}

export async function getSourceApi(env: Env, tenantId: string, sourceId: string): Promise<SourceApi | null> {
  const row = await drizzle(env.DB)
    .select({ provider: sources.provider, sealed: sources.apiSealed, version: sources.apiVersion, options: sources.options })
    .from(sources)
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .get();
  if (!row?.sealed) return null;
  const credentials = JSON.parse(await open(keyRingOf(env), row.sealed, sourceApiContext(tenantId, sourceId))) as Record<string, unknown>;
  return { provider: row.provider, version: row.version, credentials, options: row.options };
}

/**
 * The connection object reports a status change; only for the version it works with (a PUT of new
 * credentials in between has already reset the status, and wins).
 */
export async function setSourceApiStatus(
  d1: D1Database,
  at: { tenantId: string; sourceId: string; version: number },
  status: "connected" | "auth_failed",
  detail: string | null,
): Promise<void> {
  await drizzle(d1)
    .update(sources)
    .set({ apiStatus: status, apiStatusDetail: detail, apiStatusAt: Date.now() })
    .where(and(eq(sources.tenantId, at.tenantId), eq(sources.id, at.sourceId), eq(sources.apiVersion, at.version)));
}

/** The provider ids of a tenant's sources (what kinds of events it can receive). */
/** The currencies the tenant's sources declare (option `currency`, e.g. a WooCommerce store's). */
export async function sourceCurrencies(env: Env, tenantId: string): Promise<string[]> {
  const rows = await drizzle(env.DB).select({ options: sources.options }).from(sources).where(eq(sources.tenantId, tenantId)).all();
  const codes = rows.map((r) => r.options?.currency).filter((c): c is string => typeof c === "string" && /^[A-Za-z]{3}$/.test(c));
  return [...new Set(codes.map((c) => c.toUpperCase()))];
}

/** Each source's provider and whether it has an API connection (what the Odoo check's kinds depend on). */
export async function sourceFeeds(env: Env, tenantId: string): Promise<{ provider: string; api: boolean }[]> {
  const rows = await drizzle(env.DB).select({ provider: sources.provider, sealed: sources.apiSealed }).from(sources).where(eq(sources.tenantId, tenantId)).all();
  return rows.map((r) => ({ provider: r.provider, api: r.sealed !== null }));
}

/**
 * Source lookup on the ingest path. Cached in the isolate for SOURCE_CACHE_SECONDS so a burst of
 * webhooks costs one D1 read and one decryption; a secret rotation takes effect within that time.
 */
const sourceCache = new Map<string, { expires: number; value: SourceConfig | null }>();

export async function getSourceConfig(
  env: Env,
  tenantId: string,
  sourceId: string,
  cacheSeconds: number,
): Promise<SourceConfig | null> {
  const key = `${tenantId}/${sourceId}`;
  const now = Date.now();
  const cached = sourceCache.get(key);
  if (cached && cached.expires > now) return cached.value;
  const row = await drizzle(env.DB)
    .select({ provider: sources.provider, secretsSealed: sources.secretsSealed, options: sources.options, apiSealed: sources.apiSealed, retention: tenants.retention })
    .from(sources)
    .innerJoin(tenants, eq(tenants.id, sources.tenantId))
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .get();
  const value: SourceConfig | null = row
    ? {
        tenantId,
        sourceId,
        provider: row.provider,
        secrets: JSON.parse(await open(keyRingOf(env), row.secretsSealed, sourceContext(tenantId, sourceId))) as string[],
        options: row.options,
        retention: retentionSchema.parse(row.retention ?? {}),
        hasApi: row.apiSealed !== null,
      }
    : null;
  if (sourceCache.size > 10_000) sourceCache.clear();
  sourceCache.set(key, { expires: now + cacheSeconds * 1000, value });
  return value;
}

/**
 * Removes a source: its webhook route answers 404 unknown_source at once on this isolate (the
 * cache entry goes with it) and within SOURCE_CACHE_SECONDS on the others. Its events, timelines
 * and mappings stay: the audit trail outlives the endpoint.
 */
export async function deleteSource(env: Env, tenantId: string, sourceId: string): Promise<boolean> {
  const deleted = await drizzle(env.DB)
    .delete(sources)
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .returning({ id: sources.id });
  sourceCache.delete(`${tenantId}/${sourceId}`);
  return deleted.length > 0;
}

/** What an admin may see of a tenant: its Odoo connection without the API key. */
export type TenantSummary = Awaited<ReturnType<typeof listTenants>>[number];

export function listTenants(env: Env) {
  return selectTenants(env);
}

async function selectTenants(env: Env, tenantId?: string) {
  const rows = await drizzle(env.DB)
    .select({
      id: tenants.id,
      url: tenants.odooUrl,
      database: tenants.odooDatabase,
      login: tenants.odooLogin,
      protocol: tenants.odooProtocol,
      delivery: tenants.delivery,
      retention: tenants.retention,
      region: tenants.region,
      createdAt: tenants.createdAt,
      updatedAt: tenants.updatedAt,
    })
    .from(tenants)
    .where(tenantId === undefined ? undefined : eq(tenants.id, tenantId))
    .orderBy(asc(tenants.id));
  return rows.map(({ id, url, database, login, protocol, createdAt, updatedAt, ...rest }) => ({
    tenant: id,
    odoo: { url, database, login, protocol },
    ...rest,
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
  }));
}

export async function getTenantSummary(env: Env, tenantId: string): Promise<TenantSummary | null> {
  return (await selectTenants(env, tenantId))[0] ?? null;
}

/** A source as an admin may see it: provider, options and how many secrets, never the secrets. */
export async function listSources(env: Env, tenantId: string, sourceId?: string) {
  const rows = await drizzle(env.DB)
    .select()
    .from(sources)
    .where(sourceId === undefined ? eq(sources.tenantId, tenantId) : and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .orderBy(asc(sources.id));
  return rows.map((r) => ({
    source: r.id,
    provider: r.provider,
    // Options are settings, but a provider's may hold a credential: those are never shown.
    options: redactSecrets(r.options) as Record<string, unknown>,
    // The API connection: that it is there, what is not secret, and how it is doing.
    ...(r.apiSealed
      ? {
          api: {
            configured: true,
            ...r.apiPublic,
            status: r.apiStatus ?? "configured",
            ...(r.apiStatusDetail ? { error: r.apiStatusDetail } : {}),
            ...(r.apiStatusAt ? { statusAt: new Date(r.apiStatusAt).toISOString() } : {}),
          },
        }
      : {}),
    webhookPath: `/webhooks/${tenantId}/${r.id}`,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  }));
}

/**
 * Replaces a source's options (Odoo provisioning records its rules there); the ingest cache entry of
 * this isolate goes with it, the others follow within SOURCE_CACHE_SECONDS.
 */
export async function setSourceOptions(env: Env, tenantId: string, sourceId: string, options: Record<string, unknown>): Promise<void> {
  await drizzle(env.DB)
    .update(sources)
    .set({ options, updatedAt: Date.now() })
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)));
  sourceCache.delete(`${tenantId}/${sourceId}`);
}

/** Every source of one provider, all tenants (the Odoo poller's round). */
export async function sourcesOfProvider(env: Env, provider: string): Promise<{ tenantId: string; sourceId: string }[]> {
  return drizzle(env.DB)
    .select({ tenantId: sources.tenantId, sourceId: sources.id })
    .from(sources)
    .where(eq(sources.provider, provider))
    .orderBy(asc(sources.tenantId), asc(sources.id))
    .all();
}
