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
 * applied yet) runs it instead of the list.
 */
export function applySqlMigrations(sql: SqlStorage, migrations: readonly string[], fresh?: string): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = sql.exec<{ n: number | null }>("SELECT MAX(id) AS n FROM _migrations").one().n ?? 0;
  if (applied >= migrations.length) return;
  if (applied === 0 && fresh !== undefined) sql.exec(fresh);
  else for (const statement of migrations.slice(applied)) sql.exec(statement);
  sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", migrations.length, Date.now());
}
