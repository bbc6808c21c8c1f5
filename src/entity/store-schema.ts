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
  // 6: dependency wake-ups (README "Delivery semantics"). `waiters`: writes of other entities
  //    waiting for this one (one row per waiting write, WITHOUT ROWID: no second index to write);
  //    `region` is where the waiter's object lives. On events: `settled_at` (set with the row's
  //    finish, no extra row write) tells a late waiter the write settled after it looked;
  //    `wakes` numbers the write's wake-ups (a write message of an older one is redundant);
  //    `wake_pending` is a wake-up that came while the write was claimed.
  `
  CREATE TABLE waiters (
    entity   TEXT NOT NULL,
    event_id TEXT NOT NULL,
    region   TEXT,
    needs    TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (entity, event_id)
  ) WITHOUT ROWID;
  ALTER TABLE events ADD COLUMN settled_at INTEGER;
  ALTER TABLE events ADD COLUMN wakes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE events ADD COLUMN wake_pending INTEGER NOT NULL DEFAULT 0;
  `,
];

export function migrateEntityStore(sql: SqlStorage): void {
  applySqlMigrations(sql, MIGRATIONS);
}
