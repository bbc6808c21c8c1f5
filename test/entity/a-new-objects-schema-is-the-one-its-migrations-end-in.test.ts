/**
 * A new entity object gets its schema from one script (store-schema.ts FRESH_SCHEMA: fewer billed
 * rows) and creates its other tables on first use (TABLES_ON_FIRST_USE), an older one from the
 * migration list. Both must end in the same tables and columns, or a query would work on one kind
 * of object and fail on the other.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { applySqlMigrations } from "../../src/durable/sql-migrations";
import { ENTITY_STORE_MIGRATIONS, migrateEntityStore, TABLES_ON_FIRST_USE } from "../../src/entity/store-schema";

type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };

/** Tables and their columns after `build` ran on an empty SQLite (a throwaway object's, emptied first). */
async function schemaAfter(name: string, build: (sql: SqlStorage) => void): Promise<Record<string, Column[]>> {
  return runInDurableObject(env.ODOO_GATE.getByName(`${name}-${crypto.randomUUID()}`), (_instance, state) => {
    const sql = state.storage.sql;
    const tables = () =>
      sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'").toArray().map((r) => r.name);
    for (const table of tables()) sql.exec(`DROP TABLE ${table}`);
    sql.exec("DROP TABLE IF EXISTS _migrations");
    build(sql);
    const schema: Record<string, Column[]> = {};
    for (const table of tables().sort()) {
      schema[table] = sql
        .exec<Column>(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`)
        .toArray()
        // A WITHOUT ROWID table's key columns are NOT NULL by definition (the fresh schema's are).
        .map((c) => ({ ...c, notnull: c.pk > 0 ? 1 : c.notnull }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
    return schema;
  });
}

it("a new entity object's one-script schema has the tables and columns its migrations end in", async () => {
  const fresh = await schemaAfter("fresh-schema", (sql) => {
    migrateEntityStore(sql);
    for (const create of Object.values(TABLES_ON_FIRST_USE)) sql.exec(create);
  });
  const migrated = await schemaAfter("migrated-schema", (sql) => applySqlMigrations(sql, ENTITY_STORE_MIGRATIONS));
  expect(Object.keys(fresh)).toContain("events");
  expect(fresh).toEqual(migrated);
  // Created on first use, the tables are the ones the migrations made (IF NOT EXISTS: a no-op there).
  const migratedThenUsed = await schemaAfter("migrated-then-used", (sql) => {
    applySqlMigrations(sql, ENTITY_STORE_MIGRATIONS);
    for (const create of Object.values(TABLES_ON_FIRST_USE)) sql.exec(create);
  });
  expect(migratedThenUsed).toEqual(migrated);
});
