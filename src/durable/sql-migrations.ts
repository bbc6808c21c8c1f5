/**
 * Declarative schema migrations for a Durable Object's SQLite: an append-only list of SQL scripts,
 * each run once and in order, inside the object's constructor (blockConcurrencyWhile). The count
 * applied is kept in `_migrations` (the highest id) because Durable Objects do not support PRAGMA
 * user_version. Never edit a shipped entry: append a new one.
 *
 * `fresh`: the schema all the migrations end in, written as one script. A new object (nothing
 * applied yet) runs it instead of the list and records one row: every statement, table and index
 * a migration creates is a billed row write, and a new object is made for every new entity.
 */
export function applySqlMigrations(sql: SqlStorage, migrations: readonly string[], fresh?: string): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = sql.exec<{ n: number | null }>("SELECT MAX(id) AS n FROM _migrations").one().n ?? 0;
  if (applied === 0 && fresh !== undefined) {
    sql.exec(fresh);
    sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", migrations.length, Date.now());
    return;
  }
  migrations.slice(applied).forEach((statement, offset) => {
    sql.exec(statement);
    sql.exec("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", applied + offset + 1, Date.now());
  });
}
