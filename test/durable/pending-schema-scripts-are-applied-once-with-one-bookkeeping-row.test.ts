import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applySqlMigrations } from "../../src/durable/sql-migrations";

const SCRIPTS = ["CREATE TABLE t1 (a INTEGER)", "CREATE TABLE t2 (b INTEGER)", "CREATE TABLE t3 (c INTEGER)"];

/** A throwaway object's SQLite, its own `_migrations` removed so the list under test starts from scratch. */
async function withBareSql(name: string, fn: (sql: SqlStorage) => void): Promise<void> {
  await runInDurableObject(env.ODOO_GATE.getByName(name), (_instance, state) => {
    state.storage.sql.exec("DROP TABLE IF EXISTS _migrations");
    fn(state.storage.sql);
  });
}
const bookkeeping = (sql: SqlStorage) => sql.exec<{ id: number }>("SELECT id FROM _migrations ORDER BY id").toArray().map((r) => r.id);
const tables = (sql: SqlStorage) =>
  sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't_' ORDER BY name").toArray().map((r) => r.name);

describe("a Durable Object's schema scripts", () => {
  it("are applied together on a new object and recorded with one row, then never again", async () => {
    await withBareSql("migrations-fresh", (sql) => {
      applySqlMigrations(sql, SCRIPTS);
      expect(tables(sql)).toEqual(["t1", "t2", "t3"]);
      expect(bookkeeping(sql)).toEqual([3]);
      applySqlMigrations(sql, SCRIPTS); // would throw "table t1 already exists" if run again
      applySqlMigrations(sql, [...SCRIPTS, "CREATE TABLE t4 (d INTEGER)"]);
      expect(tables(sql)).toEqual(["t1", "t2", "t3", "t4"]);
      expect(bookkeeping(sql)).toEqual([3, 4]);
    });
  });

  it("continue where an object recorded one row per script (the earlier bookkeeping)", async () => {
    await withBareSql("migrations-old-format", (sql) => {
      sql.exec("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
      sql.exec(SCRIPTS[0]!);
      sql.exec(SCRIPTS[1]!);
      sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (1, 0), (2, 0)");
      applySqlMigrations(sql, SCRIPTS);
      expect(tables(sql)).toEqual(["t1", "t2", "t3"]);
      expect(bookkeeping(sql)).toEqual([1, 2, 3]);
    });
  });
});
