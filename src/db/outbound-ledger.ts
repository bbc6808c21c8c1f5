/**
 * The outbound ledger (src/outbound/flow.ts `OutboundLedger`) in the tenant's regional D1: per
 * target source and provider object, the value the router last wrote there, when, by which event,
 * and the provider record's link. Flows read it to write only the difference (equal value: no
 * call) and put each entry as its write succeeds, so a retry after a partial failure sends only
 * what is still missing; the echo probe at ingest (src/outbound/echo.ts) compares a provider
 * webhook's value with it.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { LedgerEntry, OutboundLedger } from "../outbound/flow";
import { chunked } from "./chunks";
import { outboundLedger } from "./schema";

/** Keys per read: 2 parameters of the query's own + the keys stay under D1's 100. */
const KEYS_PER_READ = 90;
/** Rows per insert: 7 columns each (the upsert's `set` reads `excluded`, no extra parameters). */
const ROWS_PER_INSERT = 14;

export class D1OutboundLedger implements OutboundLedger {
  private readonly db;

  constructor(
    d1: D1Database,
    private readonly tenantId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = drizzle(d1);
  }

  async get(sourceId: string, objectKeys: string[]): Promise<Map<string, LedgerEntry>> {
    const found = new Map<string, LedgerEntry>();
    for (const keys of chunked([...new Set(objectKeys)], KEYS_PER_READ)) {
      const rows = await this.db
        .select()
        .from(outboundLedger)
        .where(and(eq(outboundLedger.tenantId, this.tenantId), eq(outboundLedger.sourceId, sourceId), inArray(outboundLedger.objectKey, keys)));
      for (const row of rows) {
        found.set(row.objectKey, {
          sourceId: row.sourceId,
          objectKey: row.objectKey,
          value: JSON.parse(row.value) as unknown,
          writtenAt: row.writtenAt,
          eventId: row.eventId,
          link: row.link,
        });
      }
    }
    return found;
  }

  async put(entries: Omit<LedgerEntry, "writtenAt">[]): Promise<void> {
    if (entries.length === 0) return;
    const writtenAt = this.now();
    const rows = entries.map((e) => ({
      tenantId: this.tenantId,
      sourceId: e.sourceId,
      objectKey: e.objectKey,
      value: JSON.stringify(e.value ?? null),
      writtenAt,
      eventId: e.eventId,
      link: e.link ?? null,
    }));
    const statements = chunked(rows, ROWS_PER_INSERT).map((chunk) =>
      this.db
        .insert(outboundLedger)
        .values(chunk)
        .onConflictDoUpdate({
          target: [outboundLedger.tenantId, outboundLedger.sourceId, outboundLedger.objectKey],
          set: {
            value: sql`excluded.value`,
            writtenAt: sql`excluded.written_at`,
            eventId: sql`excluded.event_id`,
            link: sql`excluded.link`,
          },
        }),
    );
    const [first, ...rest] = statements;
    await this.db.batch([first!, ...rest]);
  }
}
