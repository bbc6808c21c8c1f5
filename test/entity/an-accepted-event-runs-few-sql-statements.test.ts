/**
 * SQL statements the entity objects run per accepted event, per path, for the typical Shopify
 * stream (test/support/typical-shopify-stream.ts). Each statement is an exec call into the object's
 * SQLite: in the issue #11 burst, SQLite exec inside Durable Objects was the largest single item of
 * the router's CPU (~6.7 ms of ~25-30 ms per accepted event), and most statements were bookkeeping
 * reads repeated after every call. The budgets keep them from creeping back.
 *
 * Statements per accepted event, before -> after (this stream, same machine):
 *   ingest   9.3 -> 5.7  (the open writes read once instead of four queries; no next-wake-up query
 *                         while the alarm set fires within 30 s; a new object knows its tables from
 *                         its schema migration instead of reading sqlite_master again)
 *   flush   19.7 -> 4.7  (one outbox query per round instead of two; no query while nothing changed
 *                         since a round sent everything, so no second round after a send; the
 *                         shipped mark trims entries in SQL instead of reading the row first)
 *   claim    4   -> 2    (the earlier-write check read with the row; no next-wake-up query)
 *   complete 5   -> 2    (the write and the other open ones in one read; its timeline appended to
 *                         that row, not read again; no next-wake-up query)
 *   alarm    4   -> 2.7  (one look whether any row leaves, instead of two reads and a delete)
 *   total   42   -> 17   (the burst bench counted ~73 per accepted event before, with more flush
 *                         rounds under load)
 * The budgets leave a margin for flush rounds split by the timing of queue batches.
 */
import { expect, it } from "vitest";
import { getEvent } from "../support/router";
import { describeCounts, rowCounts } from "../support/rows-written";
import { runTypicalShopifyStream, STREAM } from "../support/typical-shopify-stream";

/** Statements per accepted event, per EntityObject path. */
const BUDGET = { ingest: 7, flush: 7, claim: 3, complete: 3, alarm: 4 } as const;
const TOTAL_BUDGET = 22;

it("an accepted event runs at most 22 SQL statements in its entity objects (42 before), within a budget per path", async () => {
  const { t, sent } = await runTypicalShopifyStream();

  const counts = rowCounts();
  const perEvent = (path: string) => (counts.do[`EntityObject.${path}`]?.statements ?? 0) / STREAM.accepted;
  const entityStatements = Object.entries(counts.do)
    .filter(([path]) => path.startsWith("EntityObject."))
    .reduce((sum, [, c]) => sum + c.statements, 0);
  console.log(
    `${describeCounts(counts, STREAM.accepted)}\nentity statements per accepted event: ${entityStatements / STREAM.accepted} (${Object.keys(BUDGET)
      .map((path) => `${path} ${perEvent(path).toFixed(1)}`)
      .join(", ")})`,
  );
  // The stream really ran: every accepted event is in Odoo.
  for (const eventId of sent.slice(0, STREAM.accepted)) expect((await getEvent(t, eventId))?.status).toBe("delivered");
  for (const [path, budget] of Object.entries(BUDGET)) expect(perEvent(path), path).toBeLessThanOrEqual(budget);
  expect(entityStatements / STREAM.accepted).toBeLessThanOrEqual(TOTAL_BUDGET);
});
