/**
 * An event's delivery id lives on its row (no `deliveries` row per ingest). A tenant whose
 * retention deletes finished events sooner than the dedup window (payloadDays 1 < 8 days) must
 * still have a late redelivery recognised: the row leaves its delivery id behind.
 */
import { expect, it } from "vitest";
import { DEDUP_RETENTION_MS, EntityStore } from "../../src/entity/entity-store";
import { customerIngest } from "../support/customer-ingest";
import { inNewEntityStore } from "../support/new-entity-store";

const DAY_MS = 24 * 3600_000;

it("a redelivery within the dedup window is a duplicate after the retention deleted its event's row", async () => {
  await inNewEntityStore("dedup", (store, sql) => {
    const t0 = 1_000_000;
    expect(store.ingest({ ...customerIngest(1, t0), retention: { payloadDays: 1 } }, t0)).toEqual({ status: "accepted", eventId: "evt_v1" });
    store.claim("evt_v1", t0);
    store.complete("evt_v1", { status: "delivered", odoo: { model: "res.partner", id: 7 }, detail: {} }, t0);
    store.markAuditShipped(store.pendingAudit(50).shipped);

    store.maintain(t0 + 2 * DAY_MS);
    expect(sql.exec("SELECT event_id FROM events").toArray()).toEqual([]);
    // The same delivery again, within the window: the original's id, no new write.
    const again = customerIngest(1, t0 + 3 * DAY_MS, "evt_again");
    expect(store.ingest(again, t0 + 3 * DAY_MS)).toEqual({ status: "duplicate", eventId: "evt_v1" });
    expect(store.unreleased()).toEqual([]);

    // Past the window the id is forgotten, as before.
    store.maintain(t0 + DEDUP_RETENTION_MS + DAY_MS);
    expect(sql.exec("SELECT delivery_id FROM deliveries").toArray()).toEqual([]);
  });
});
