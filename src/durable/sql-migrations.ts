/**
 * Declarative schema migrations for a Durable Object's SQLite: an append-only list of SQL scripts,
 * each run once and in order, inside the object's constructor (blockConcurrencyWhile). How many
 * are applied is the highest id in `_migrations` (Durable Objects do not support PRAGMA
 * user_version). Pending scripts are applied together and recorded with one row, the last one's
 * number: a new object (every entity's first delivery) pays one bookkeeping row, not one per
 * script. Objects created before kept one row per script (ids 1..n): the highest is the same count.
 * Never edit a shipped entry: append a new one.
 */
export function applySqlMigrations(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = sql.exec<{ n: number }>("SELECT COALESCE(MAX(id), 0) AS n FROM _migrations").one().n;
  if (applied >= migrations.length) return;
  for (const statement of migrations.slice(applied)) sql.exec(statement);
  sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", migrations.length, Date.now());
}
