/**
 * Declarative schema migrations for a Durable Object's SQLite: an append-only list of SQL scripts,
 * each run once and in order, inside the object's constructor (blockConcurrencyWhile). How many
 * are applied is the highest id in `_migrations` (Durable Objects do not support PRAGMA
 * user_version). Pending scripts are applied together and recorded with one row, the last one's
 * number: every statement, table and index a migration creates is a billed row write, and a new
 * object is made for every new entity. Objects created before kept one row per script (ids 1..n):
 * the highest is the same count. Never edit a shipped entry: append a new one.
 *
 * `fresh`: the schema all the migrations end in, written as one script. A new object (nothing
 * applied yet) runs it instead of the list. It must hold FRESH_SCHEMA_MARK inside the parentheses
 * of a CREATE TABLE: the count of migrations it stands for is written there, and SQLite keeps the
 * statement's text (comments included) in sqlite_master. So a new object records its version in
 * the schema it creates anyway, instead of creating `_migrations` and a row in it (three billed
 * rows per new object). Its first migration later creates `_migrations`, which then counts.
 */
export const FRESH_SCHEMA_MARK = "/* migrations: fresh */";
const markOf = (count: number) => `/* migrations: ${count} */`;
const MARKED = /\/\* migrations: (\d+) \*\//;

export function applySqlMigrations(sql: SqlStorage, migrations: readonly string[], fresh?: string): void {
  const applied = appliedCount(sql);
  if (applied >= migrations.length) return;
  if (applied === 0 && fresh !== undefined) {
    if (!fresh.includes(FRESH_SCHEMA_MARK)) throw new Error("a fresh schema must hold FRESH_SCHEMA_MARK in a CREATE TABLE");
    sql.exec(fresh.replace(FRESH_SCHEMA_MARK, markOf(migrations.length)));
    return;
  }
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  for (const statement of migrations.slice(applied)) sql.exec(statement);
  sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", migrations.length, Date.now());
}

/** Migrations applied: the `_migrations` count, else the mark a fresh schema left, else none. */
function appliedCount(sql: SqlStorage): number {
  const tables = sql.exec<{ name: string; sql: string | null }>("SELECT name, sql FROM sqlite_master WHERE type = 'table'").toArray();
  if (tables.some((t) => t.name === "_migrations")) {
    return sql.exec<{ n: number | null }>("SELECT MAX(id) AS n FROM _migrations").one().n ?? 0;
  }
  for (const table of tables) {
    const mark = table.sql ? MARKED.exec(table.sql) : null;
    if (mark) return Number(mark[1]);
  }
  return 0;
}
