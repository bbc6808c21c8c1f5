/**
 * Waits for an entity's claimed write ("free") moved to the record locks; the entity objects no
 * longer take them. An object may still hold such a row from an older version: it is woken when
 * the write ends, whatever the outcome (it only waited for the write to end), while a write that
 * needed the entity written learns it is dead.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { migrateEntityStore, TABLES_ON_FIRST_USE } from "../../src/entity/store-schema";
import { customerIngest } from "../support/customer-ingest";

it("a waiter an older version registered as needing the entity free is woken when the write ends, even dead", async () => {
  await runInDurableObject(env.ENTITY.getByName(`free-waiter-${crypto.randomUUID()}`), (_instance, state) => {
    const sql = state.storage.sql;
    migrateEntityStore(sql);
    const t0 = 1_000_000;
    sql.exec(TABLES_ON_FIRST_USE.waiters);
    sql.exec("INSERT INTO waiters (entity, event_id, region, needs, added_at) VALUES ('order-1', 'evt_o', NULL, 'free', ?)", t0);
    const store = new EntityStore(sql);
    store.ingest(customerIngest(1, t0), t0);
    expect(store.addWaiter({ entity: "payment-1", eventId: "evt_p", region: null }, "written", t0, t0)).toEqual({ status: "waiting" });
    store.claim("evt_v1", t0);
    store.complete("evt_v1", { status: "dead", error: { category: "business", name: null, message: "refused" }, detail: {} }, t0 + 1_000);

    const notices = store.takeNotices();
    expect(notices.find((n) => n.eventId === "evt_o")).toMatchObject({ entity: "order-1", action: "wake" });
    expect(notices.find((n) => n.eventId === "evt_p")).toMatchObject({ entity: "payment-1", action: "dead" });
    expect(sql.exec("SELECT * FROM waiters").toArray()).toEqual([]);
  });
});
