/** Versioned routing of each tenant (src/tenant/routing.ts) in D1. */
import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { DEFAULT_ROUTING, routingSchema, type Routing } from "../tenant/routing";
import { routings } from "./schema";

export interface VersionedRouting {
  version: number;
  routing: Routing;
}

/** Stores a new version (the next number, chosen inside the INSERT so two PUTs never collide). */
export async function putRouting(d1: D1Database, tenantId: string, routing: Routing): Promise<number> {
  const row = await d1
    .prepare(
      `INSERT INTO routings (tenant_id, version, config, created_at)
       SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3 FROM routings WHERE tenant_id = ?1
       RETURNING version`,
    )
    .bind(tenantId, JSON.stringify(routing), Date.now())
    .first<{ version: number }>();
  routingCache.delete(tenantId);
  return row!.version;
}

/** The routing in force: the newest version, or the defaults (version 0). */
export async function getRouting(d1: D1Database, tenantId: string): Promise<VersionedRouting> {
  const row = await drizzle(d1)
    .select({ version: routings.version, config: routings.config })
    .from(routings)
    .where(eq(routings.tenantId, tenantId))
    .orderBy(desc(routings.version))
    .limit(1)
    .get();
  return routingOf(row);
}

/** A stored version as the router uses it (parsed); no row: the defaults, version 0. */
export function routingOf(row: { version: number; config: unknown } | undefined | null): VersionedRouting {
  return row ? { version: row.version, routing: routingSchema.parse(row.config) } : { version: 0, routing: DEFAULT_ROUTING };
}

/**
 * The routing as ingest sees it (which kinds are ignored), cached in the isolate like the source
 * configuration: a PUT takes effect within `cacheSeconds` (at once in the isolate that took it).
 */
const routingCache = new Map<string, { expires: number; value: VersionedRouting }>();
export async function getRoutingCached(d1: D1Database, tenantId: string, cacheSeconds: number): Promise<VersionedRouting> {
  const now = Date.now();
  const cached = routingCache.get(tenantId);
  if (cached && cached.expires > now) return cached.value;
  const value = await getRouting(d1, tenantId);
  if (routingCache.size > 10_000) routingCache.clear();
  routingCache.set(tenantId, { expires: now + cacheSeconds * 1000, value });
  return value;
}
