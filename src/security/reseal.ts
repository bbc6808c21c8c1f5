/**
 * The re-seal job of a SECRETS_KEY rotation: tenants' Odoo API keys, sources' secrets and sources'
 * API connections sealed with a previous key (or before key ids existed) are opened and sealed
 * again with the current key, a page at a time. No downtime: both keys open values meanwhile, and each row is replaced
 * only if it still holds the value that was read (a concurrent PUT wins).
 *
 * Run by `POST /v1/admin/secrets/reseal` and by the daily cron; once it reports nothing left, the
 * previous key can be removed from SECRETS_KEYS_PREVIOUS.
 */
import { and, asc, eq, gt, isNotNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sources, tenants } from "../db/schema";
import { sourceApiContext, sourceContext, tenantContext } from "../db/tenants";
import { currentPrefix, open, seal, type KeyRing } from "./secret-box";

export interface ResealCounts {
  /** Values now sealed with the current key by this run. */
  resealed: number;
  /** Values that no configured key opens (named in the log): left as they are. */
  failed: number;
}

export interface ResealReport {
  keyId: string;
  tenants: ResealCounts;
  sources: ResealCounts;
  /** The sources' API connections (`api`). */
  sourceApis: ResealCounts;
  /** True when every value was looked at; false when the page budget ran out first. */
  done: boolean;
}

/** Re-seals up to `maxPages` pages of `pageSize` rows per table (a request's budget). */
export async function resealSecrets(
  d1: D1Database,
  ring: KeyRing,
  options: { pageSize?: number; maxPages?: number } = {},
): Promise<ResealReport> {
  const pageSize = options.pageSize ?? 50;
  const maxPages = options.maxPages ?? 20;
  const db = drizzle(d1);
  const prefix = currentPrefix(ring);
  const stale = (column: AnyColumn) => sql`substr(${column}, 1, ${prefix.length}) <> ${prefix}`;
  const report: ResealReport = { keyId: ring.current.id, tenants: { resealed: 0, failed: 0 }, sources: { resealed: 0, failed: 0 }, sourceApis: { resealed: 0, failed: 0 }, done: true };

  let tenantCursor = "";
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      report.done = false;
      break;
    }
    const rows = await db
      .select({ id: tenants.id, sealed: tenants.odooApiKeySealed })
      .from(tenants)
      .where(and(gt(tenants.id, tenantCursor), stale(tenants.odooApiKeySealed)))
      .orderBy(asc(tenants.id))
      .limit(pageSize);
    const updates = [];
    for (const row of rows) {
      const next = await resealed(ring, row.sealed, tenantContext(row.id), `tenant ${row.id}`);
      if (next === null) report.tenants.failed++;
      else {
        updates.push(db.update(tenants).set({ odooApiKeySealed: next }).where(and(eq(tenants.id, row.id), eq(tenants.odooApiKeySealed, row.sealed))));
        report.tenants.resealed++;
      }
    }
    const [first, ...rest] = updates;
    if (first) await db.batch([first, ...rest]);
    if (rows.length < pageSize) break;
    tenantCursor = rows.at(-1)!.id;
  }

  // Sources hold two sealed values, each with its own context: the secrets and the API connection.
  for (const kind of SOURCE_VALUES) {
    if (!report.done) break;
    report.done = await resealSourceColumn(db, ring, kind, report[kind.report], { pageSize, maxPages, stale });
  }
  return report;
}

const SOURCE_VALUES = [
  { report: "sources", column: sources.secretsSealed, field: "secretsSealed", context: sourceContext, what: "source" },
  { report: "sourceApis", column: sources.apiSealed, field: "apiSealed", context: sourceApiContext, what: "source api" },
] as const;

/** One sealed column of sources, page by page; false when the page budget ran out first. */
async function resealSourceColumn(
  db: ReturnType<typeof drizzle>,
  ring: KeyRing,
  kind: (typeof SOURCE_VALUES)[number],
  counts: ResealCounts,
  paging: { pageSize: number; maxPages: number; stale: (column: AnyColumn) => SQL },
): Promise<boolean> {
  let cursor = { tenantId: "", id: "" };
  for (let page = 0; ; page++) {
    if (page >= paging.maxPages) return false;
    const rows = await db
      .select({ tenantId: sources.tenantId, id: sources.id, sealed: kind.column })
      .from(sources)
      .where(
        and(
          or(gt(sources.tenantId, cursor.tenantId), and(eq(sources.tenantId, cursor.tenantId), gt(sources.id, cursor.id))),
          isNotNull(kind.column),
          paging.stale(kind.column),
        ),
      )
      .orderBy(asc(sources.tenantId), asc(sources.id))
      .limit(paging.pageSize);
    const updates = [];
    for (const row of rows) {
      const sealed = row.sealed!;
      const next = await resealed(ring, sealed, kind.context(row.tenantId, row.id), `${kind.what} ${row.tenantId}/${row.id}`);
      if (next === null) counts.failed++;
      else {
        updates.push(
          db
            .update(sources)
            .set({ [kind.field]: next })
            .where(and(eq(sources.tenantId, row.tenantId), eq(sources.id, row.id), eq(kind.column, sealed))),
        );
        counts.resealed++;
      }
    }
    const [first, ...rest] = updates;
    if (first) await db.batch([first, ...rest]);
    if (rows.length < paging.pageSize) return true;
    cursor = { tenantId: rows.at(-1)!.tenantId, id: rows.at(-1)!.id };
  }
}

async function resealed(ring: KeyRing, sealed: string, context: string, what: string): Promise<string | null> {
  try {
    return await seal(ring, await open(ring, sealed, context), context);
  } catch (err) {
    console.error({ msg: "re-seal: value does not open with any configured key", what, err: String(err) });
    return null;
  }
}
