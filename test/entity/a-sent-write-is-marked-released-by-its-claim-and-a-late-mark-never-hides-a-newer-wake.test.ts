/**
 * Marking a write's row released after its message was sent was one more billed row write per
 * event: the object keeps the sent message in memory and the claim marks the row (the message
 * arrived). A mark made later (with the timeline's shipped mark, or by the alarm) names the wake
 * number the message carried: a write woken again meanwhile stays unreleased, so its new message
 * is still sent.
 */
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { customerIngest } from "../support/customer-ingest";
import { inNewEntityStore } from "../support/new-entity-store";

const released = (sql: SqlStorage) => sql.exec<{ released: number }>("SELECT released FROM events WHERE event_id = 'evt_v1'").one().released;

it("a sent write is marked released by its claim, and a late mark of an older wake leaves the newer one to be sent", async () => {
  await inNewEntityStore("release", (store, sql) => {
    const t0 = 1_000_000;
    store.ingest(customerIngest(1, t0), t0);
    expect(store.unreleased().map((w) => [w.eventId, w.wake])).toEqual([["evt_v1", 0]]);

    // The message (wake 0) arrives: the claim marks the row.
    expect(store.claim("evt_v1", t0 + 100, "msg-1", 0).status).toBe("ready");
    expect(released(sql)).toBe(1);
    expect(store.unreleased()).toEqual([]);

    // Woken during the attempt: its retry sends it again (wake 1).
    store.wake("evt_v1", t0 + 200);
    store.recordRetry("evt_v1", { category: "transient", name: null, message: "busy" }, 60, t0 + 300);
    expect(store.unreleased().map((w) => [w.eventId, w.wake])).toEqual([["evt_v1", 1]]);
    // A late mark for the wake-0 message does not hide the wake-1 one.
    store.markReleased(new Map([["evt_v1", 0]]), t0 + 400);
    expect(store.unreleased().map((w) => [w.eventId, w.wake])).toEqual([["evt_v1", 1]]);
    store.markReleased(new Map([["evt_v1", 1]]), t0 + 500);
    expect(released(sql)).toBe(1);
    expect(store.unreleased()).toEqual([]);
  });
});
