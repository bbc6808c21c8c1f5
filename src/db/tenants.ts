/**
 * Tenants, their sources and API tokens in D1. Secrets and API keys are sealed with SECRETS_KEY
 * before they are written and opened only where they are used; no function here returns them to
 * an HTTP caller.
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env";
import type { OdooConnection } from "../odoo/client";
import type { SourceConfig } from "../providers/provider";
import { deliverySettingsSchema, type DeliverySettings } from "../tenant/delivery-settings";
import { open, seal } from "../security/secret-box";
import { apiTokens, sources, tenants } from "./schema";

const tenantContext = (tenantId: string) => `tenant:${tenantId}`;
const sourceContext = (tenantId: string, sourceId: string) => `source:${tenantId}/${sourceId}`;

export async function putTenant(
  env: Env,
  tenantId: string,
  odoo: OdooConnection,
  delivery: Record<string, unknown> = {},
): Promise<{ created: boolean }> {
  const db = drizzle(env.DB);
  const existing = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).get();
  const row = {
    odooUrl: odoo.url,
    odooDatabase: odoo.database,
    odooLogin: odoo.login,
    odooApiKeySealed: await seal(env.SECRETS_KEY, odoo.apiKey, tenantContext(tenantId)),
    odooProtocol: odoo.protocol,
    delivery,
    updatedAt: Date.now(),
  };
  await db.insert(tenants).values({ id: tenantId, ...row }).onConflictDoUpdate({ target: tenants.id, set: row });
  return { created: !existing };
}

export async function tenantExists(env: Env, tenantId: string): Promise<boolean> {
  const row = await drizzle(env.DB).select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).get();
  return row !== undefined;
}

export async function getOdooConnection(env: Env, tenantId: string): Promise<OdooConnection | null> {
  return (await getTenantDelivery(env, tenantId))?.connection ?? null;
}

/** What the write consumer needs of a tenant: its Odoo connection and delivery settings. */
export async function getTenantDelivery(
  env: Env,
  tenantId: string,
): Promise<{ connection: OdooConnection; settings: DeliverySettings } | null> {
  const row = await drizzle(env.DB).select().from(tenants).where(eq(tenants.id, tenantId)).get();
  if (!row) return null;
  return {
    connection: {
      url: row.odooUrl,
      database: row.odooDatabase,
      login: row.odooLogin,
      apiKey: await open(env.SECRETS_KEY, row.odooApiKeySealed, tenantContext(tenantId)),
      protocol: row.odooProtocol,
    },
    settings: deliverySettingsSchema.parse(row.delivery),
  };
}

export async function putSource(
  env: Env,
  tenantId: string,
  sourceId: string,
  input: { provider: string; secrets: string[]; options: Record<string, unknown> },
): Promise<{ created: boolean }> {
  const db = drizzle(env.DB);
  const existing = await db
    .select({ id: sources.id })
    .from(sources)
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .get();
  const row = {
    provider: input.provider,
    secretsSealed: await seal(env.SECRETS_KEY, JSON.stringify(input.secrets), sourceContext(tenantId, sourceId)),
    options: input.options,
    updatedAt: Date.now(),
  };
  await db
    .insert(sources)
    .values({ tenantId, id: sourceId, ...row })
    .onConflictDoUpdate({ target: [sources.tenantId, sources.id], set: row });
  sourceCache.delete(`${tenantId}/${sourceId}`);
  return { created: !existing };
}

/** The provider ids of a tenant's sources (what kinds of events it can receive). */
/** The currencies the tenant's sources declare (option `currency`, e.g. a WooCommerce store's). */
export async function sourceCurrencies(env: Env, tenantId: string): Promise<string[]> {
  const rows = await drizzle(env.DB).select({ options: sources.options }).from(sources).where(eq(sources.tenantId, tenantId)).all();
  const codes = rows.map((r) => r.options?.currency).filter((c): c is string => typeof c === "string" && /^[A-Za-z]{3}$/.test(c));
  return [...new Set(codes.map((c) => c.toUpperCase()))];
}

export async function sourceProviders(env: Env, tenantId: string): Promise<string[]> {
  const rows = await drizzle(env.DB).selectDistinct({ provider: sources.provider }).from(sources).where(eq(sources.tenantId, tenantId)).all();
  return rows.map((r) => r.provider);
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
    .select()
    .from(sources)
    .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)))
    .get();
  const value: SourceConfig | null = row
    ? {
        tenantId,
        sourceId,
        provider: row.provider,
        secrets: JSON.parse(await open(env.SECRETS_KEY, row.secretsSealed, sourceContext(tenantId, sourceId))) as string[],
        options: row.options,
      }
    : null;
  if (sourceCache.size > 10_000) sourceCache.clear();
  sourceCache.set(key, { expires: now + cacheSeconds * 1000, value });
  return value;
}

export async function insertApiToken(
  env: Env,
  token: { id: string; tenantId: string; role: "read" | "operate"; tokenHash: string },
): Promise<void> {
  await drizzle(env.DB).insert(apiTokens).values(token);
}

export async function findApiToken(env: Env, tokenHash: string) {
  return drizzle(env.DB)
    .select({ tenantId: apiTokens.tenantId, role: apiTokens.role })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, tokenHash))
    .get();
}
