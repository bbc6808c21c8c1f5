/**
 * Reference data of a tenant's Odoo database, kept in the isolate so a write does not look it up
 * again: ids found by a code (res.country by ISO code, res.country.state, the active res.currency
 * of an ISO code, the pricelist of a currency, crm/helpdesk stages), the company's currency, and
 * which fields a model has (renamed between versions). Taxes and journals are ids the tenant's
 * routing names (checked by src/odoo/check.ts), and products by SKU/barcode are kept as durable
 * mappings (D1) once an order or product event found them: neither is looked up per write.
 *
 * Why caching is safe:
 * - the cache is per Odoo database (url + database name), never shared between tenants;
 * - reference records are configuration: they change rarely and only by an operator, and an
 *   entry lives at most TTL_MS (a newly activated currency or added stage shows within minutes;
 *   a miss for a currency or pricelist is never trusted: it is asked again, see currency.ts);
 * - a cached id that went stale (deleted or merged in Odoo, a restored database) makes Odoo refuse
 *   the write naming a record that is gone; `withFreshReferences` then empties this database's
 *   cache and runs the flow once more with fresh look-ups. Every flow is idempotent, and the rerun
 *   is marked as a retry (`earlierAttempt`), so it finds by their stable reference the records
 *   the first run may have made and writes nothing twice.
 */
import { searchOne, type Domain, type OdooConnection } from "./client";
import { OdooError } from "./errors";
import type { WriteContext, WriteResult } from "./writers/context";

const TTL_MS = 600_000;
/** Databases kept at most (an isolate writing for more tenants starts over: only a cost). */
const MAX_DATABASES = 1000;

/** code -> id (null: looked up and not found); `field:` entries are 1/0. */
export type ReferenceCache = Map<string, number | null>;

const caches = new Map<string, { expires: number; ids: ReferenceCache }>();

/** The reference cache of one Odoo database, fresh every TTL_MS. */
export function referenceCacheFor(connection: OdooConnection): ReferenceCache {
  const key = `${connection.url}\u0000${connection.database}`;
  const now = Date.now();
  let cache = caches.get(key);
  if (!cache || cache.expires < now) {
    if (caches.size >= MAX_DATABASES) caches.clear();
    cache = { expires: now + TTL_MS, ids: new Map() };
    caches.set(key, cache);
  }
  return cache.ids;
}

/** Looks a record id up by a code (res.country by ISO code, ...), cached for the database. */
export async function lookupId(ctx: WriteContext, model: string, domain: Domain): Promise<number | null> {
  const key = `${model}\u0000${JSON.stringify(domain)}`;
  if (!ctx.lookups.has(key)) ctx.lookups.set(key, await searchOne(ctx.odoo, model, domain));
  return ctx.lookups.get(key) ?? null;
}

/**
 * Whether this tenant's Odoo has a field (fields renamed between versions: account.payment `ref`
 * (17) -> `memo` (18+), sale.order.line `tax_id` -> `tax_ids` (19)). Asked once per cache.
 */
export async function hasField(ctx: WriteContext, model: string, field: string): Promise<boolean> {
  const key = `${model}\u0000field:${field}`;
  if (!ctx.lookups.has(key)) {
    const fields = await ctx.odoo.call<Record<string, unknown>>(model, "fields_get", [[field]], { attributes: ["type"] });
    ctx.lookups.set(key, field in fields ? 1 : 0);
  }
  return ctx.lookups.get(key) === 1;
}

/**
 * Odoo's texts for a write naming a record that is gone (odoo/models.py MissingError, and the
 * foreign-key answer of odoo/sql_db.py / odoo/service/model.py, 16.0-19.0).
 */
const GONE_RECORD = /Record does not exist or has been deleted|The operation cannot be completed/i;

export function namesAGoneRecord(err: unknown): boolean {
  return err instanceof OdooError && err.odooName !== null && (err.category === "not_found" || err.category === "business") && GONE_RECORD.test(err.message);
}

/**
 * Runs a flow; when Odoo answers that a record it names is gone and reference ids were cached,
 * the database's cache is emptied and the flow runs once more, as a retry (it searches for what
 * the first run may have created before creating anything).
 */
export async function withFreshReferences(ctx: WriteContext, write: (ctx: WriteContext) => Promise<WriteResult>): Promise<WriteResult> {
  try {
    return await write(ctx);
  } catch (err) {
    if (!namesAGoneRecord(err) || ctx.lookups.size === 0) throw err;
    ctx.lookups.clear();
    return write({ ...ctx, earlierAttempt: true });
  }
}
