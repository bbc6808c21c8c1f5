/**
 * The synchronous SQLite core of a connection object: which version of the source's `api` it
 * works with, the current (rotated) refresh token, sealed, and the connection's status. Every
 * method runs without an `await`, so what it writes is durable before the object answers (output
 * gate): a rotated refresh token is on disk before the access token that came with it is used.
 */
import { applySqlMigrations } from "../durable/sql-migrations";

const MIGRATIONS: readonly string[] = [
  // 1: one row (id = 1): the version of `api` the state belongs to, the refresh token in force
  //    (NULL = the one the admin configured) and the status.
  `
  CREATE TABLE connection (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    version        INTEGER NOT NULL,
    refresh_sealed TEXT,
    status         TEXT,
    status_detail  TEXT,
    updated_at     INTEGER NOT NULL
  );
  `,
];

export type ConnectionStatus = "connected" | "auth_failed";

export interface ConnectionState {
  version: number;
  refreshSealed: string | null;
  status: ConnectionStatus | null;
  statusDetail: string | null;
}

interface Row extends Record<string, SqlStorageValue> {
  version: number;
  refresh_sealed: string | null;
  status: string | null;
  status_detail: string | null;
}

export class ConnectionStore {
  constructor(private readonly sql: SqlStorage) {
    applySqlMigrations(sql, MIGRATIONS);
  }

  state(): ConnectionState {
    const row = this.sql.exec<Row>("SELECT version, refresh_sealed, status, status_detail FROM connection WHERE id = 1").toArray()[0];
    if (!row) return { version: 0, refreshSealed: null, status: null, statusDetail: null };
    return { version: row.version, refreshSealed: row.refresh_sealed, status: row.status as ConnectionStatus | null, statusDetail: row.status_detail };
  }

  /** New credentials were PUT: everything learnt with the old ones is dropped. */
  reset(version: number, now: number): void {
    this.sql.exec(
      `INSERT INTO connection (id, version, refresh_sealed, status, status_detail, updated_at) VALUES (1, ?, NULL, NULL, NULL, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, refresh_sealed = NULL, status = NULL, status_detail = NULL, updated_at = excluded.updated_at`,
      version,
      now,
    );
  }

  saveRefreshToken(sealed: string, now: number): void {
    this.sql.exec("UPDATE connection SET refresh_sealed = ?, updated_at = ? WHERE id = 1", sealed, now);
  }

  setStatus(status: ConnectionStatus, detail: string | null, now: number): void {
    this.sql.exec("UPDATE connection SET status = ?, status_detail = ?, updated_at = ? WHERE id = 1", status, detail, now);
  }
}
