/**
 * Creating a table is a billed row write (two with its schema entry) and every new entity gets a
 * new object: a new object creates its events table, and the others (facts, waiters, deliveries
 * outliving their event) only when it first writes to them.
 */
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { customerIngest } from "../support/customer-ingest";
import { inNewEntityStore } from "../support/new-entity-store";

const tables = (sql: SqlStorage) =>
  sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' ORDER BY name")
    .toArray()
    .map((row) => row.name);

it("a new entity object creates only the tables it writes to", async () => {
  await inNewEntityStore("tables", (store, sql) => {
    const t0 = 1_000_000;
    store.ingest(customerIngest(1, t0), t0);
    store.claim("evt_v1", t0);
    store.complete("evt_v1", { status: "delivered", odoo: { model: "res.partner", id: 7 }, detail: {} }, t0);
    store.maintain(t0 + 60_000);
    expect(tables(sql)).toEqual(["events"]);

    // A waiter is the first write to its table: the table comes with it.
    store.ingest(customerIngest(2, t0 + 1_000), t0 + 1_000);
    expect(store.addWaiter({ entity: "order-1", eventId: "evt_o", region: null }, "written", t0 + 1_000, t0 + 1_000)).toEqual({ status: "waiting" });
    expect(tables(sql)).toEqual(["events", "waiters"]);
  });
});
