/** The entity object's SQLite schema, as migrations (see durable/sql-migrations.ts). */
import { applySqlMigrations } from "../durable/sql-migrations";

const MIGRATIONS: readonly string[] = [
  // 1: deliveries seen (dedup, kept >= 7 days), the entity's events (outbox + sequence),
  //    timeline entries waiting to be shipped to D1, and entity-level facts.
  `
  CREATE TABLE deliveries (
    delivery_id TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX deliveries_received_at ON deliveries (received_at);

  CREATE TABLE events (
    event_id    TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,
    -- pending: waits behind the in-flight write; inflight: released to the queue;
    -- finished: delivered | dead | stale | superseded
    state       TEXT NOT NULL,
    status      TEXT NOT NULL,
    status_seq  INTEGER NOT NULL DEFAULT 0,
    identity    TEXT NOT NULL,
    payload     TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    reason      TEXT,
    odoo        TEXT,
    error       TEXT,
    released    INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER,
    claim_until INTEGER,
    created_at  INTEGER NOT NULL
  );
  CREATE INDEX events_state ON events (state);

  CREATE TABLE audit_outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    at       INTEGER NOT NULL,
    step     TEXT NOT NULL,
    detail   TEXT
  );

  CREATE TABLE facts (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: the timeline entries one call produces for an event are one outbox row (a JSON array),
  //    numbered per event: fewer rows written per event (the bill counts rows).
  `
  ALTER TABLE audit_outbox ADD COLUMN entries TEXT;
  `,
  // 3: who holds a claim (the queue message id), so that message may take it again after a crash.
  `
  ALTER TABLE events ADD COLUMN claimed_by TEXT;
  `,
  // 4: when personal data was redacted from the payload (retention or erasure); such a payload is
  //    no longer replayable.
  `
  ALTER TABLE events ADD COLUMN redacted_at INTEGER;
  `,
  // 5: what a write carries when partial changes are involved (entity/partial-changes.ts
  //    WriteFields as JSON: its snapshot version and per-field versions and values); NULL for a
  //    plain full snapshot.
  `
  ALTER TABLE events ADD COLUMN fields TEXT;
  `,
];

export function migrateEntityStore(sql: SqlStorage): void {
  applySqlMigrations(sql, MIGRATIONS);
}
