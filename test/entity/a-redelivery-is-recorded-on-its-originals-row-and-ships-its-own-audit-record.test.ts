/**
 * A redelivery gets its own audit record (status "duplicate": received, verified, deduplicated) and
 * the original's timeline notes it. The record lives on the original's row, written with that note:
 * one row write for the redelivery, where a row of its own cost an insert and a shipped mark more.
 * Its id can still be replayed (as the payload it was a redelivery of).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { migrateEntityStore } from "../../src/entity/store-schema";
import { countingSql } from "../support/counting-sql";
import { customerIngest } from "../support/customer-ingest";

it("a redelivery writes one row, ships its own duplicate record and the original's note, and stays replayable", async () => {
  await runInDurableObject(env.ENTITY.getByName(`redelivery-${crypto.randomUUID()}`), (_instance, state) => {
    migrateEntityStore(state.storage.sql);
    const counted = countingSql(state.storage.sql);
    const store = new EntityStore(counted.sql);
    const t0 = 1_000_000;
    store.ingest(customerIngest(1, t0), t0);
    store.claim("evt_v1", t0);
    store.complete("evt_v1", { status: "delivered", odoo: { model: "res.partner", id: 7 }, detail: {} }, t0);
    store.markAuditShipped(store.pendingAudit(50).shipped);

    const before = counted.rowsWritten();
    const redelivery = { ...customerIngest(1, t0 + 5_000, "evt_dup"), deliveryId: "d-1" };
    expect(store.ingest(redelivery, t0 + 5_000)).toEqual({ status: "duplicate", eventId: "evt_v1" });
    expect(counted.rowsWritten() - before).toBe(1);
    expect(state.storage.sql.exec("SELECT event_id FROM events").toArray()).toEqual([{ event_id: "evt_v1" }]);

    const { messages, shipped } = store.pendingAudit(50);
    const duplicate = messages.find((m) => m.event.id === "evt_dup")!;
    expect(duplicate.event.duplicateOf).toBe("evt_v1");
    expect(duplicate.state).toEqual({ status: "duplicate", statusSeq: 3, attempts: 0, reason: "redelivery of evt_v1", odoo: null, error: null });
    expect(duplicate.entries.map((e) => [e.seq, e.step])).toEqual([
      [1, "received"],
      [2, "verified"],
      [3, "deduplicated"],
    ]);
    const original = messages.find((m) => m.event.id === "evt_v1")!;
    expect(original.entries.map((e) => e.step)).toEqual(["redelivered"]);
    const marked = counted.rowsWritten();
    store.markAuditShipped(shipped);
    expect(counted.rowsWritten() - marked).toBe(1);
    expect(store.pendingAudit(50).messages).toEqual([]);

    // Replaying the duplicate's id replays the payload it was a redelivery of; its record notes it.
    expect(store.replay("evt_dup", "evt_replay", "job-1", t0 + 9_000)).toEqual({ status: "accepted", eventId: "evt_replay" });
    const after = store.pendingAudit(50).messages;
    expect(after.find((m) => m.event.id === "evt_dup")?.entries.map((e) => [e.seq, e.step])).toEqual([[4, "replayed"]]);
    expect(after.find((m) => m.event.id === "evt_replay")?.event.replayOf).toBe("evt_dup");
  });
});
