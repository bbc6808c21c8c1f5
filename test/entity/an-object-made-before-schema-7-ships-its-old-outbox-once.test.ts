/**
 * Schema 7 of the entity objects moved the unshipped timeline entries from the audit_outbox table
 * onto their events. An object made before it still holds outbox rows (the audit queue was down,
 * or the object was evicted before its flush): after the migration they ship, in order, once.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { applySqlMigrations } from "../../src/durable/sql-migrations";
import { EntityStore } from "../../src/entity/entity-store";
import { ENTITY_STORE_MIGRATIONS, migrateEntityStore } from "../../src/entity/store-schema";

it("an entity object made before schema 7 ships the timeline entries left in its outbox, in order, once", async () => {
  const stub = env.ENTITY.getByName(`schema-6-${crypto.randomUUID()}`);
  await runInDurableObject(stub, (_instance, state) => {
    const sql = state.storage.sql;
    // The object as schema 6 left it (this one was made fresh: rebuilt the old way).
    for (const table of ["events", "deliveries", "facts", "waiters", "_migrations"]) sql.exec(`DROP TABLE IF EXISTS ${table}`);
    applySqlMigrations(sql, ENTITY_STORE_MIGRATIONS.slice(0, 6));
    const identity = { id: "evt_old", tenantId: "acme", sourceId: "shop", provider: "shopify", topic: "customers/create", type: "customer.created", kind: "customer", externalId: "1", deliveryId: "d-1", version: 1, receivedAt: 1_000, duplicateOf: null };
    sql.exec(
      `INSERT INTO events (event_id, version, state, status, status_seq, identity, payload, created_at, released)
       VALUES ('evt_old', 1, 'inflight', 'queued', 4, ?, '{}', 1000, 1)`,
      JSON.stringify(identity),
    );
    // A row from before schema 2 (one entry, numbered by the outbox), then a batch row.
    sql.exec("INSERT INTO audit_outbox (event_id, at, step, detail) VALUES ('evt_old', 1000, 'received', ?)", JSON.stringify({ deliveryId: "d-1" }));
    const batch = [
      { seq: 2, at: 1000, step: "verified", detail: null },
      { seq: 3, at: 1001, step: "ordered", detail: { version: 1 } },
    ];
    sql.exec("INSERT INTO audit_outbox (event_id, at, step, entries) VALUES ('evt_old', 1000, 'batch', ?)", JSON.stringify(batch));

    migrateEntityStore(sql);
    expect(sql.exec("SELECT name FROM sqlite_master WHERE name = 'audit_outbox'").toArray()).toEqual([]);
    const store = new EntityStore(sql);
    const { messages, shipped } = store.pendingAudit(50);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.event.id).toBe("evt_old");
    expect(messages[0]!.entries).toEqual([{ seq: 1, at: 1000, step: "received", detail: { deliveryId: "d-1" } }, ...batch]);
    store.markAuditShipped(shipped);
    expect(store.pendingAudit(50).messages).toEqual([]);
  });
});
