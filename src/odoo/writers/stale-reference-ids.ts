/**
 * Reference ids (countries, states, currencies, pricelists, the company's currency) are cached per
 * Odoo database in the isolate (WriteContext `lookups`), so a write does not look them up again.
 * An id can go stale under the cache: a record deleted or re-created in Odoo (a restored database,
 * a merged country). Odoo then refuses the write naming a record that is gone: a MissingError, or
 * the foreign-key answer ("The operation cannot be completed: ... the record ..."). Such an answer
 * empties the cache and the flow runs once more with fresh lookups; every flow is idempotent (it
 * finds what an earlier run made by its stable reference), so the second run writes nothing twice.
 */
import { OdooError } from "../errors";
import type { WriteContext, WriteResult } from "./context";

/** Odoo's texts for a write naming a record that is gone (odoo/models.py, odoo/sql_db.py 16.0-19.0). */
const GONE_RECORD = /Record does not exist or has been deleted|The operation cannot be completed/i;

export function namesAGoneRecord(err: unknown): boolean {
  return err instanceof OdooError && err.odooName !== null && (err.category === "not_found" || err.category === "business") && GONE_RECORD.test(err.message);
}

export async function withFreshLookupsOnStaleIds(ctx: WriteContext, write: () => Promise<WriteResult>): Promise<WriteResult> {
  try {
    return await write();
  } catch (err) {
    if (!namesAGoneRecord(err) || ctx.lookups.size === 0) throw err;
    ctx.lookups.clear();
    return write();
  }
}
