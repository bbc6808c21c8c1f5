/**
 * Data residency. A tenant's region decides where its data lives:
 *   - its entity, gate, connection and record lock Durable Objects, created in the region's jurisdiction
 *     (`namespace.jurisdiction("eu")`: the same name is another object in each jurisdiction);
 *   - its audit trail, mappings and replay jobs, in the region's D1 database (DB_EU, DB_FEDRAMP;
 *     a D1 database gets its jurisdiction when it is created).
 * No region (null) is Cloudflare's default placement and the DB database. The control plane
 * (tenants, sources, tokens, routings) always stays in DB.
 *
 * Every place that reaches a tenant's objects or data picks them here, from the region the
 * tenant has (db/tenant-regions.ts, cached) or the one its queue message carries.
 */
import type { Env } from "../env";

export const REGIONS = ["eu", "fedramp"] as const;
export type Region = (typeof REGIONS)[number];

const JURISDICTION: Record<Region, DurableObjectJurisdiction> = { eu: "eu", fedramp: "fedramp" };
const DATABASE: Record<Region, "DB_EU" | "DB_FEDRAMP"> = { eu: "DB_EU", fedramp: "DB_FEDRAMP" };

/** Where the tenant's entity objects are. */
export function entityNamespace(env: Env, region: Region | null | undefined): Env["ENTITY"] {
  return inJurisdiction(env, env.ENTITY, region);
}

/** Where the tenant's OdooGate object is. */
export function gateNamespace(env: Env, region: Region | null | undefined): Env["ODOO_GATE"] {
  return inJurisdiction(env, env.ODOO_GATE, region);
}

/** Where the tenant's provider API connection objects are (src/connections/). */
export function connectionNamespace(env: Env, region: Region | null | undefined): Env["CONNECTION"] {
  return inJurisdiction(env, env.CONNECTION, region);
}

/** Where the record locks of the tenant's sources are (src/delivery/record-lock-object.ts). */
export function recordLockNamespace(env: Env, region: Region | null | undefined): Env["RECORD_LOCKS"] {
  return inJurisdiction(env, env.RECORD_LOCKS, region);
}

/** The D1 database of the tenant's audit trail, mappings and replay jobs. */
export function tenantDb(env: Env, region: Region | null | undefined): D1Database {
  if (!region) return env.DB;
  const db = env[DATABASE[region]];
  // Never fall back to DB: the tenant's data must not leave its region.
  if (!db) throw new Error(missingDatabase(region));
  return db;
}

/** Why this deployment cannot serve a region (its D1 binding is missing), or null when it can. */
export function regionUnavailable(env: Env, region: Region | null | undefined): string | null {
  return region && !env[DATABASE[region]] ? missingDatabase(region) : null;
}

const missingDatabase = (region: Region) =>
  `region "${region}" needs the D1 binding ${DATABASE[region]} (a database created with ` +
  `\`wrangler d1 create --jurisdiction ${JURISDICTION[region]}\`, see the README's deploy section)`;

/** What local workerd answers to `namespace.jurisdiction(...)`: it implements no jurisdictions. */
const NOT_IN_WORKERD = "Jurisdiction restrictions are not implemented in workerd.";

function inJurisdiction<T extends Rpc.DurableObjectBranded | undefined>(
  env: Env,
  namespace: DurableObjectNamespace<T>,
  region: Region | null | undefined,
): DurableObjectNamespace<T> {
  if (!region) return namespace;
  const jurisdiction = JURISDICTION[region];
  try {
    return namespace.jurisdiction(jurisdiction);
  } catch (err) {
    // Only where LOCAL_JURISDICTIONS says "emulate" (tests, `wrangler dev`) and only for local
    // workerd's own refusal; anywhere else the error stands, so data never silently leaves its region.
    if (env.LOCAL_JURISDICTIONS === "emulate" && err instanceof Error && err.message === NOT_IN_WORKERD) {
      return emulatedJurisdiction(namespace, jurisdiction);
    }
    throw err;
  }
}

/**
 * Local stand-in for a jurisdictional sub-namespace: as in production, a name is another object
 * than the same name in the default namespace (its name gets the jurisdiction as a prefix, which
 * no tenant or entity name can start with: tenant ids are slugs without ":").
 */
function emulatedJurisdiction<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: DurableObjectNamespace<T>,
  jurisdiction: DurableObjectJurisdiction,
): DurableObjectNamespace<T> {
  const named = (name: string) => emulatedObjectName(jurisdiction, name);
  return {
    idFromName: (name: string) => namespace.idFromName(named(name)),
    getByName: (name: string, options?: DurableObjectNamespaceGetDurableObjectOptions) => namespace.getByName(named(name), options),
    get: (id: DurableObjectId, options?: DurableObjectNamespaceGetDurableObjectOptions) => namespace.get(id, options),
    idFromString: (id: string) => namespace.idFromString(id),
    newUniqueId: () => {
      throw new Error(NOT_IN_WORKERD);
    },
    jurisdiction: () => {
      throw new Error(NOT_IN_WORKERD);
    },
  } as DurableObjectNamespace<T>;
}

/** The name an emulated jurisdiction's object has in the binding (exported for the tests that prove placement). */
export function emulatedObjectName(jurisdiction: DurableObjectJurisdiction, name: string): string {
  return `${jurisdiction}:${name}`;
}
