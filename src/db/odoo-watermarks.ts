/**
 * The Odoo poller's watermarks (control database, table odoo_poll_watermarks; see
 * src/odoo/source/poller.ts for how they move).
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { odooPollWatermarks } from "./schema";

export type PollWatermark = typeof odooPollWatermarks.$inferSelect;

export async function watermarksOf(d1: D1Database, tenantId: string, sourceId: string): Promise<PollWatermark[]> {
  return drizzle(d1)
    .select()
    .from(odooPollWatermarks)
    .where(and(eq(odooPollWatermarks.tenantId, tenantId), eq(odooPollWatermarks.sourceId, sourceId)))
    .all();
}

export async function saveWatermark(d1: D1Database, row: PollWatermark): Promise<void> {
  const { tenantId, sourceId, flow, model, ...rest } = row;
  await drizzle(d1)
    .insert(odooPollWatermarks)
    .values(row)
    .onConflictDoUpdate({ target: [odooPollWatermarks.tenantId, odooPollWatermarks.sourceId, odooPollWatermarks.flow, odooPollWatermarks.model], set: rest });
}

/** A failed run leaves the watermark where it was and says why. */
export async function recordPollError(d1: D1Database, key: Pick<PollWatermark, "tenantId" | "sourceId" | "flow" | "model">, polledAt: number, error: string): Promise<void> {
  await drizzle(d1)
    .update(odooPollWatermarks)
    .set({ error: error.slice(0, 1000), polledAt })
    .where(
      and(
        eq(odooPollWatermarks.tenantId, key.tenantId),
        eq(odooPollWatermarks.sourceId, key.sourceId),
        eq(odooPollWatermarks.flow, key.flow),
        eq(odooPollWatermarks.model, key.model),
      ),
    );
}
