/** The entity object's SQLite schema, as migrations (see durable/sql-migrations.ts). */
import { applySqlMigrations, FRESH_SCHEMA_MARK } from "../durable/sql-migrations";

export const ENTITY_STORE_MIGRATIONS: readonly string[] = [
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
  // 7: fewer rows written per event (the bill counts every row, index entries included). The
  //    timeline entries not yet shipped to D1 live on their event's row (`unshipped`, a JSON array)
  //    instead of an outbox table: written with the status the same call sets, cleared with the
  //    `released` mark after the send. No secondary index: an entity holds few rows, a scan of
  //    them is cheaper than an index entry written on every insert and state change. The rows left
  //    in the old outbox move onto their events (entries in order; a pre-schema-2 row is one
  //    entry numbered by the outbox, as it always was shipped).
  `
  DROP INDEX IF EXISTS events_state;
  DROP INDEX IF EXISTS deliveries_received_at;
  ALTER TABLE events ADD COLUMN unshipped TEXT;
  UPDATE events SET unshipped = (
    SELECT json_group_array(json(v)) FROM (
      SELECT e.value AS v FROM audit_outbox o,
        json_each(COALESCE(o.entries, json_array(json_object('seq', o.seq, 'at', o.at, 'step', o.step, 'detail', json(o.detail))))) e
      WHERE o.event_id = events.event_id ORDER BY o.seq, e.key
    )
  ) WHERE event_id IN (SELECT event_id FROM audit_outbox);
  DROP TABLE audit_outbox;
  `,
  // 8: fewer rows written per event. The delivery id lives on its event's row (`delivery_id`):
  //    dedup reads it there, an ingest writes no `deliveries` row. `deliveries` keeps the ids of
  //    older objects and those of events the retention deletes before the dedup window ends.
  //    A redelivery's own audit record lives on its original's row (`duplicates`, a JSON array of
  //    entity-store.ts DuplicateRecord), written with the original's "redelivered" entry: no row
  //    of its own to insert and mark shipped.
  `
  ALTER TABLE events ADD COLUMN delivery_id TEXT;
  ALTER TABLE events ADD COLUMN duplicates TEXT;
  `,
];

/**
 * What the migrations above end in, for a new object (see applySqlMigrations): only the table every
 * object uses. Creating a table is a billed row write (two, counting its schema entry), and a new
 * object is made for every new entity: the other tables are created when first needed
 * (TABLES_ON_FIRST_USE). WITHOUT ROWID: keyed by what it is looked up by, no second index. The
 * mark records the migrations it stands for (no `_migrations` table in a new object).
 */
const FRESH_SCHEMA = `
  CREATE TABLE events ( ${FRESH_SCHEMA_MARK}
    event_id     TEXT PRIMARY KEY,
    version      INTEGER NOT NULL,
    state        TEXT NOT NULL,
    status       TEXT NOT NULL,
    status_seq   INTEGER NOT NULL DEFAULT 0,
    identity     TEXT NOT NULL,
    payload      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    reason       TEXT,
    odoo         TEXT,
    error        TEXT,
    released     INTEGER NOT NULL DEFAULT 0,
    lease_until  INTEGER,
    claim_until  INTEGER,
    created_at   INTEGER NOT NULL,
    claimed_by   TEXT,
    redacted_at  INTEGER,
    fields       TEXT,
    settled_at   INTEGER,
    wakes        INTEGER NOT NULL DEFAULT 0,
    wake_pending INTEGER NOT NULL DEFAULT 0,
    unshipped    TEXT,
    delivery_id  TEXT,
    duplicates   TEXT
  ) WITHOUT ROWID
`;

/**
 * Tables a new object creates when it first writes to them (an object migrated from an older
 * schema has them all): most entities never hold a fact, a waiter, or a delivery id outliving its
 * event. Same columns as the migrations end in (test/entity/a-new-objects-schema-is-the-one-its-migrations-end-in.test.ts).
 */
export const TABLES_ON_FIRST_USE = {
  deliveries: `
  CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL,
    received_at INTEGER NOT NULL
  ) WITHOUT ROWID`,
  facts: `
  CREATE TABLE IF NOT EXISTS facts (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID`,
  waiters: `
  CREATE TABLE IF NOT EXISTS waiters (
    entity   TEXT NOT NULL,
    event_id TEXT NOT NULL,
    region   TEXT,
    needs    TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (entity, event_id)
  ) WITHOUT ROWID`,
} as const;

export type TableOnFirstUse = keyof typeof TABLES_ON_FIRST_USE;

export function migrateEntityStore(sql: SqlStorage): void {
  applySqlMigrations(sql, ENTITY_STORE_MIGRATIONS, FRESH_SCHEMA);
}
