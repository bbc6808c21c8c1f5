/**
 * Declarative schema migrations for a Durable Object's SQLite: an append-only list of SQL scripts,
 * each run once and in order, inside the object's constructor (blockConcurrencyWhile). The count
 * applied is kept in `_migrations` because Durable Objects do not support PRAGMA user_version.
 * Never edit a shipped entry: append a new one.
 */
export function applySqlMigrations(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _migrations").one().n;
  migrations.slice(applied).forEach((statement, offset) => {
    sql.exec(statement);
    sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", applied + offset + 1, Date.now());
  });
}
