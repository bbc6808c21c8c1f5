/**
 * The region of each tenant (src/tenant/region.ts) in D1: read on the request paths (cached),
 * changed only while the tenant has no data, because its Durable Objects cannot move.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env";
import { tenantDb, type Region } from "../tenant/region";
import { events, tenants } from "./schema";

/**
 * A tenant's region, cached in the isolate like its sources: only once the region is fixed (the
 * tenant has a source), so a cached answer can never be outdated. A tenant without sources
 * receives no webhooks and is read each time.
 */
const regionCache = new Map<string, { expires: number; region: Region | null }>();

export async function tenantRegion(env: Env, tenantId: string, cacheSeconds: number): Promise<Region | null> {
  const now = Date.now();
  const cached = regionCache.get(tenantId);
  if (cached && cached.expires > now) return cached.region;
  const row = await env.DB.prepare(
    `SELECT region, EXISTS (SELECT 1 FROM sources WHERE tenant_id = ?1) AS fixed FROM tenants WHERE id = ?1`,
  )
    .bind(tenantId)
    .first<{ region: Region | null; fixed: number }>();
  const region = row?.region ?? null;
  if (row?.fixed) {
    if (regionCache.size > 10_000) regionCache.clear();
    regionCache.set(tenantId, { expires: now + cacheSeconds * 1000, region });
  }
  return region;
}

export type RegionChange = { ok: true } | { ok: false; current: Region | null; reason: string };

/**
 * Sets the tenant's region (the tenant row exists). Refused when it would change the region of a
 * tenant that has a source (webhooks may already have made its objects) or stored events.
 */
export async function setTenantRegion(env: Env, tenantId: string, region: Region | null): Promise<RegionChange> {
  const from = await storedRegion(env, tenantId);
  if (from === region) return { ok: true };
  const stored = await drizzle(tenantDb(env, from)).select({ id: events.id }).from(events).where(eq(events.tenantId, tenantId)).limit(1).get();
  if (stored) return { ok: false, current: from, reason: "it has stored events" };
  // One statement: a source added since the check above still refuses the change.
  const changed = await env.DB.prepare(
    `UPDATE tenants SET region = ?2, updated_at = ?3
     WHERE id = ?1 AND region IS ?4 AND NOT EXISTS (SELECT 1 FROM sources WHERE tenant_id = ?1)`,
  )
    .bind(tenantId, region, Date.now(), from)
    .run();
  if (changed.meta.changes === 1) return { ok: true };
  return { ok: false, current: from, reason: "it has sources (webhooks may already have created its Durable Objects)" };
}

/** The region as stored, uncached (for the admin API). */
export async function storedRegion(env: Env, tenantId: string): Promise<Region | null> {
  const row = await drizzle(env.DB).select({ region: tenants.region }).from(tenants).where(eq(tenants.id, tenantId)).get();
  return row?.region ?? null;
}

/** Every tenant's id grouped by region (null: the default database), for reads across tenants. */
export async function tenantsByRegion(env: Env): Promise<Map<Region | null, string[]>> {
  const { results } = await env.DB.prepare("SELECT id, region FROM tenants ORDER BY id").all<{ id: string; region: Region | null }>();
  const byRegion = new Map<Region | null, string[]>();
  for (const { id, region } of results) {
    let ids = byRegion.get(region ?? null);
    if (!ids) byRegion.set(region ?? null, (ids = []));
    ids.push(id);
  }
  return byRegion;
}
