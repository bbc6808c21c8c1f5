/** Resync jobs of the way back (src/outbound/resync.ts), in the tenant's regional D1. */
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { outboundResyncs } from "./schema";

export type OutboundResync = typeof outboundResyncs.$inferSelect;

export async function insertResync(d1: D1Database, job: OutboundResync): Promise<void> {
  await drizzle(d1).insert(outboundResyncs).values(job);
}

export async function getResync(d1: D1Database, tenantId: string, id: string): Promise<OutboundResync | null> {
  const row = await drizzle(d1)
    .select()
    .from(outboundResyncs)
    .where(and(eq(outboundResyncs.tenantId, tenantId), eq(outboundResyncs.id, id)))
    .get();
  return row ?? null;
}

/** One page done: counts added, the position moved, the state set when it ends. */
export async function advanceResync(
  d1: D1Database,
  id: string,
  add: { listed: number; entities: number; fed: number },
  position: { modelIndex: number; afterId: number },
  end?: { state: "done" | "failed"; error?: string | null; finishedAt: number },
): Promise<void> {
  await drizzle(d1)
    .update(outboundResyncs)
    .set({
      pages: sql`${outboundResyncs.pages} + 1`,
      listed: sql`${outboundResyncs.listed} + ${add.listed}`,
      entities: sql`${outboundResyncs.entities} + ${add.entities}`,
      fed: sql`${outboundResyncs.fed} + ${add.fed}`,
      modelIndex: position.modelIndex,
      afterId: position.afterId,
      ...(end ? { state: end.state, error: end.error ?? null, finishedAt: end.finishedAt } : {}),
    })
    .where(eq(outboundResyncs.id, id));
}

export async function failResync(d1: D1Database, id: string, error: string, now: number): Promise<void> {
  await drizzle(d1).update(outboundResyncs).set({ state: "failed", error: error.slice(0, 1000), finishedAt: now }).where(eq(outboundResyncs.id, id));
}

/** The job as the API shows it. */
export function presentResync(job: OutboundResync) {
  return {
    id: job.id,
    tenant: job.tenantId,
    source: job.sourceId,
    flow: job.flow,
    dryRun: job.dryRun,
    state: job.state,
    progress: { model: job.modelIndex, afterId: job.afterId, pages: job.pages },
    listed: job.listed,
    // A dry run: how many events it would feed; a real one: how many it fed (a record already fed is not fed again).
    ...(job.dryRun ? { wouldFeed: job.entities } : { entities: job.entities, fed: job.fed }),
    error: job.error,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
  };
}
