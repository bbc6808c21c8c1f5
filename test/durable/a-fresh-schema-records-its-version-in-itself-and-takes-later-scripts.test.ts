/**
 * A new object runs the one-script schema and records the count of scripts it stands for in that
 * schema's text (no `_migrations` table and row: three billed rows per new entity object). A
 * script appended later is applied to it once, and from then on `_migrations` counts.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { applySqlMigrations, FRESH_SCHEMA_MARK } from "../../src/durable/sql-migrations";

const SCRIPTS = ["CREATE TABLE t1 (a INTEGER)", "ALTER TABLE t1 ADD COLUMN b INTEGER"];
const FRESH = `CREATE TABLE t1 (${FRESH_SCHEMA_MARK} a INTEGER, b INTEGER)`;

const tableNames = (sql: SqlStorage) =>
  sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('t1', 't2', '_migrations') ORDER BY name").toArray().map((r) => r.name);

it("a fresh schema records its version in itself, is not run again, and takes the scripts appended later once", async () => {
  await runInDurableObject(env.ODOO_GATE.getByName(`fresh-mark-${crypto.randomUUID()}`), (_instance, state) => {
    const sql = state.storage.sql;
    sql.exec("DROP TABLE IF EXISTS _migrations");
    applySqlMigrations(sql, SCRIPTS, FRESH);
    expect(tableNames(sql)).toEqual(["t1"]);
    applySqlMigrations(sql, SCRIPTS, FRESH); // would throw "table t1 already exists" if run again

    const later = [...SCRIPTS, "CREATE TABLE t2 (c INTEGER)"];
    applySqlMigrations(sql, later, FRESH);
    expect(tableNames(sql)).toEqual(["_migrations", "t1", "t2"]);
    expect(sql.exec<{ id: number }>("SELECT id FROM _migrations").toArray().map((r) => r.id)).toEqual([3]);
    applySqlMigrations(sql, later, FRESH); // would throw "table t2 already exists" if run again
  });
});
