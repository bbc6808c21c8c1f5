/**
 * Schema 8 moved the delivery id onto the event's row. An object made before it recognises its
 * deliveries from the `deliveries` table, and those it receives after the migration from the rows.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { applySqlMigrations } from "../../src/durable/sql-migrations";
import { EntityStore } from "../../src/entity/entity-store";
import { ENTITY_STORE_MIGRATIONS, migrateEntityStore } from "../../src/entity/store-schema";
import { customerIngest } from "../support/customer-ingest";

it("an entity object made before schema 8 recognises redeliveries of what it received before and after the migration", async () => {
  await runInDurableObject(env.ENTITY.getByName(`schema-7-${crypto.randomUUID()}`), (_instance, state) => {
    const sql = state.storage.sql;
    for (const table of ["events", "deliveries", "facts", "waiters", "_migrations"]) sql.exec(`DROP TABLE IF EXISTS ${table}`);
    applySqlMigrations(sql, ENTITY_STORE_MIGRATIONS.slice(0, 7));
    const t0 = 1_000_000;
    const old = customerIngest(1, t0);
    sql.exec(
      `INSERT INTO events (event_id, version, state, status, status_seq, identity, payload, created_at, settled_at)
       VALUES ('evt_v1', 1, 'delivered', 'delivered', 5, ?, ?, ?, ?)`,
      JSON.stringify(old.identity),
      JSON.stringify(old.event),
      t0,
      t0,
    );
    sql.exec("INSERT INTO deliveries (delivery_id, event_id, received_at) VALUES ('d-1', 'evt_v1', ?)", t0);

    migrateEntityStore(sql);
    const store = new EntityStore(sql);
    expect(store.ingest(customerIngest(1, t0 + 1_000, "evt_again"), t0 + 1_000)).toEqual({ status: "duplicate", eventId: "evt_v1" });
    expect(store.ingest(customerIngest(2, t0 + 2_000), t0 + 2_000)).toEqual({ status: "accepted", eventId: "evt_v2" });
    expect(store.ingest(customerIngest(2, t0 + 3_000, "evt_again_2"), t0 + 3_000)).toEqual({ status: "duplicate", eventId: "evt_v2" });
  });
});
