/**
 * An event settled within the entity object's hold reaches the audit consumer as one message with
 * its whole timeline: D1 writes its row (timeline on it, migrations/0016) with its few index
 * entries, and one row per metric table; a later message of it adds its entries to the same row.
 * Rows counted as D1 bills them (`meta.rows_written`, index entries included).
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { AuditMessage } from "../../src/audit/audit-message";
import { getEventWithTimeline, writeAuditMessages } from "../../src/audit/event-records";
import { deliveredOrder } from "../support/audit-messages";
import { uniqueId } from "../support/shopify";

/** A D1 database whose batches add their rows written to `written.rows`. */
function countingD1(d1: D1Database, written: { rows: number }): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          written.rows += results.reduce((sum, r) => sum + r.meta.rows_written, 0);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

it("a delivered order with a person's hash, shipped in one message, is 6 D1 rows: its row, 3 index entries, 2 metric rows", async () => {
  const tenant = uniqueId("t-onerow");
  const [queued, delivered] = deliveredOrder(tenant, Date.parse("2026-11-20T10:00:00Z"), { ackMs: 5, deliveredAfterMs: 300, odooMs: 100 });
  // What a settled event ships: its final state with every entry.
  const settled: AuditMessage = { ...delivered!, event: { ...delivered!.event, personHash: "h-jane" }, entries: [...queued!.entries, ...delivered!.entries] };
  const written = { rows: 0 };
  await writeAuditMessages(countingD1(env.DB, written), [settled]);

  // events row + (tenant, id), person and entity entries; metric_counts and metric_totals rows.
  expect(written.rows).toBe(6);
  const event = await getEventWithTimeline(env.DB, tenant, settled.event.id);
  expect(event?.status).toBe("delivered");
  expect(event?.timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM timeline_chunks WHERE event_id = ?").bind(settled.event.id).first<{ n: number }>())!.n).toBe(0);

  // Shipped again: nothing new, nothing written.
  written.rows = 0;
  await writeAuditMessages(countingD1(env.DB, written), [settled]);
  expect(written.rows).toBe(0);
});

it("an event written before the timeline moved to its row keeps its chunks, read in seq order with the entries added since", async () => {
  const tenant = uniqueId("t-oldchunks");
  const [queued, delivered] = deliveredOrder(tenant, Date.parse("2026-11-20T10:00:00Z"), { ackMs: 5, deliveredAfterMs: 300, odooMs: 100 });
  await writeAuditMessages(env.DB, [queued!]);
  // As migrations/0016 found it: the row without a timeline, its entries in a chunk.
  await env.DB.batch([
    env.DB.prepare("UPDATE events SET timeline = NULL WHERE id = ?").bind(queued!.event.id),
    env.DB.prepare("INSERT INTO timeline_chunks (event_id, first_seq, entries) VALUES (?, ?, ?)").bind(queued!.event.id, 1, JSON.stringify(queued!.entries)),
  ]);
  await writeAuditMessages(env.DB, [delivered!, queued!]);

  const event = await getEventWithTimeline(env.DB, tenant, queued!.event.id);
  expect(event?.status).toBe("delivered");
  expect(event?.timeline.map((e) => e.step)).toEqual(["received", "verified", "ordered", "queued", "odoo_attempt", "delivered"]);
});

it("a write that outlives the hold ships two messages: its row and 4 index entries, then one row write", async () => {
  const tenant = uniqueId("t-tworows");
  const [queued, delivered] = deliveredOrder(tenant, Date.parse("2026-11-20T10:00:00Z"), { ackMs: 5, deliveredAfterMs: 300, odooMs: 100 });
  const hashed = (m: AuditMessage): AuditMessage => ({ ...m, event: { ...m.event, personHash: "h-jane" } });
  const written = { rows: 0 };
  await writeAuditMessages(countingD1(env.DB, written), [hashed(queued!)]);
  // events row + (tenant, id), (tenant, status), person and entity entries; 2 metric rows.
  expect(written.rows).toBe(7);
  written.rows = 0;
  await writeAuditMessages(countingD1(env.DB, written), [hashed(delivered!)]);
  // The row rewritten and the 2 metric rows of that minute added to (the (tenant, status) entry
  // that goes, delivered having none, is not a written row).
  expect(written.rows).toBe(3);
  expect((await getEventWithTimeline(env.DB, tenant, queued!.event.id))?.timeline).toHaveLength(6);
});
