/**
 * One poll of one watched model: which records changed since the watermark, read page by page.
 * Pure over an OdooClient (tested with an in-memory one), so the cursor's rules are visible here:
 *
 * - Odoo sets `write_date` to the *transaction start* (`cr.now()`), so a record written by a long
 *   transaction appears with a write_date older than records already listed. Each poll therefore
 *   lists again from the watermark minus OVERLAP_SECONDS (>= Odoo's 120 s request limit; crons can
 *   run longer, hence more), and the entity objects drop what was seen (same delivery id).
 * - JSON-RPC cuts write_date to the second while the database keeps microseconds: `=` on a
 *   second never matches, so the comparisons are `>=` / `<` on second bounds, and a page that ends
 *   inside a second continues *within that second* by id:
 *   `write_date >= T+1s  OR  (T <= write_date < T+1s AND id > lastId)`.
 * - Ordered `write_date asc, id asc`, `limit` per page, at most `maxPages` per run: a longer
 *   backlog leaves a cursor the next run continues from (no overlap then, so it always advances).
 */
import type { OdooClient } from "../client";
import type { WatchedModel } from "../../outbound/flow";
import { odooDatetime, odooDatetimeMs, writeDateToSecond } from "./change-event";

/** Lists again this far behind the newest write_date seen (Odoo's transactions start earlier than they commit). */
export const OVERLAP_SECONDS = 300;
export const PAGE_LIMIT = 200;
export const MAX_PAGES_PER_RUN = 5;

export interface PollState {
  /** Newest write_date listed so far (to the second). */
  writeDate: string;
  /** Where an unfinished run continues: the page after (cursorDate, cursorId); null = caught up. */
  cursorDate: string | null;
  cursorId: number | null;
}

export interface PolledRecord {
  id: number;
  writeDate: string | null;
  record: Record<string, unknown>;
}

export interface PollRun {
  records: PolledRecord[];
  next: PollState;
  /** True when the run stopped on its page budget (the cursor says where to go on). */
  backlog: boolean;
}

/** The first watermark of a watch: a poll starts at "now" (a resync pushes the past), minus the overlap. */
export function initialState(now: number): PollState {
  return { writeDate: odooDatetime(now), cursorDate: null, cursorId: null };
}

const plusOneSecond = (date: string) => odooDatetime((odooDatetimeMs(date) ?? 0) + 1000);

/** The domain of the page after (date, id): later seconds, or the same second with a higher id. */
export function afterDomain(date: string, id: number): unknown[] {
  const next = plusOneSecond(date);
  return ["|", ["write_date", ">=", next], "&", "&", ["write_date", ">=", date], ["write_date", "<", next], ["id", ">", id]];
}

export async function pollWatch(
  odoo: OdooClient,
  watch: Pick<WatchedModel, "model" | "fields" | "domain">,
  state: PollState,
  { limit = PAGE_LIMIT, maxPages = MAX_PAGES_PER_RUN, overlapSeconds = OVERLAP_SECONDS }: { limit?: number; maxPages?: number; overlapSeconds?: number } = {},
): Promise<PollRun> {
  const fields = [...new Set([...watch.fields, "write_date"])];
  // Continue an unfinished run where it stopped, else list again from the watermark minus the overlap.
  let position: { date: string; id: number } | null = state.cursorDate !== null ? { date: state.cursorDate, id: state.cursorId ?? 0 } : null;
  const from = odooDatetime((odooDatetimeMs(state.writeDate) ?? 0) - overlapSeconds * 1000);
  let newest = state.writeDate;
  const records: PolledRecord[] = [];
  for (let page = 0; page < maxPages; page++) {
    const window = position ? afterDomain(position.date, position.id) : [["write_date", ">=", from]];
    const rows = await odoo.call<Record<string, unknown>[]>(watch.model, "search_read", [[...watch.domain, ...window]], {
      fields,
      order: "write_date asc, id asc",
      limit,
      context: { active_test: false },
    });
    for (const row of rows) {
      const writeDate = writeDateToSecond(row.write_date);
      if (typeof row.id !== "number") continue;
      records.push({ id: row.id, writeDate, record: row });
      if (writeDate && writeDate > newest) newest = writeDate;
    }
    const last = rows.at(-1);
    if (rows.length < limit || !last) return { records, next: { writeDate: newest, cursorDate: null, cursorId: null }, backlog: false };
    position = { date: writeDateToSecond(last.write_date) ?? newest, id: last.id as number };
  }
  return { records, next: { writeDate: newest, cursorDate: position!.date, cursorId: position!.id }, backlog: true };
}
