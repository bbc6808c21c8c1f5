/**
 * The synchronous SQLite core of a RecordLockObject (one per tenant and source): which write holds
 * which record key (an order's customer, its products, addresses...), so that two writes needing
 * the same new Odoo record create it once.
 *
 * One row per holding write (its keys as JSON), not one per key: a hold or a release is one
 * statement whatever the number of keys. The rows are the truth (a restarted object reads them
 * back: a lock it forgot would let a second write create a duplicate); the map in memory is their
 * index by key. Every hold has a lease: a holder that crashed blocks its keys until it ends, at
 * most. Writes that found a key held wait as rows too, and are woken when it is given back.
 */
import { applySqlMigrations } from "../durable/sql-migrations";

/** A record the router may create in Odoo, named as its mapping is (kind + external id). */
export interface RecordKey {
  kind: string;
  externalId: string;
}

/**
 * How long a hold lasts unless given back sooner: longer than any write takes (a write holds its
 * keys through a few Odoo calls), short enough that a crashed holder does not stall its waiters.
 */
export const RECORD_LOCK_LEASE_MS = 60_000;

export type HoldResult = { status: "held" } | { status: "busy"; key: RecordKey; retryInSeconds: number };

/** A write waiting for a key (the entity object to wake, as in entity-store.ts `Waiter`). */
export interface LockWaiter {
  entity: string;
  eventId: string;
  region: string | null;
}

export type LockWaitAnswer = { status: "waiting"; heldForSeconds: number } | { status: "ready" };

const MIGRATIONS = [
  `CREATE TABLE holds (holder TEXT PRIMARY KEY, keys TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE waiters (key TEXT NOT NULL, entity TEXT NOT NULL, event_id TEXT NOT NULL, region TEXT,
     PRIMARY KEY (key, entity, event_id)) WITHOUT ROWID;`,
];

export function migrateRecordLockStore(sql: SqlStorage): void {
  applySqlMigrations(sql, MIGRATIONS);
}

/** One string per key (the separator cannot occur in a kind). */
export const keyName = (key: RecordKey) => `${key.kind}\u0000${key.externalId}`;
const keyOf = (name: string): RecordKey => {
  const at = name.indexOf("\u0000");
  return { kind: name.slice(0, at), externalId: name.slice(at + 1) };
};

export class RecordLockStore {
  /** key name -> its hold, rebuilt from the rows on first use. */
  private byKey: Map<string, { holder: string; until: number }> | null = null;
  /** holder -> the key names it holds and until when (the rows, in memory). */
  private readonly byHolder = new Map<string, { keys: string[]; until: number }>();
  /** Key names with at least one waiter row: a release of other keys touches no waiter row. */
  private waitedKeys: Set<string> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Takes every key for `holder`, or none: busy names the first key (in sorted order) that another
   * holder has. A holder taking keys again (a nested hold, or its write's next attempt after a
   * crash) adds them to its row and renews its lease. One statement when it is held.
   */
  hold(holder: string, keys: readonly RecordKey[], now: number): HoldResult {
    const index = this.index();
    const names = [...new Set(keys.map(keyName))].sort();
    for (const name of names) {
      const held = index.get(name);
      if (held && held.holder !== holder && held.until > now) {
        return { status: "busy", key: keyOf(name), retryInSeconds: Math.max(1, Math.ceil((held.until - now) / 1000)) };
      }
    }
    const mine = this.byHolder.get(holder);
    const kept = mine && mine.until > now ? mine.keys : [];
    const all = [...new Set([...kept, ...names])].sort();
    const until = now + RECORD_LOCK_LEASE_MS;
    this.dropExpired(now, names);
    this.sql.exec(
      "INSERT INTO holds (holder, keys, until) VALUES (?, ?, ?) ON CONFLICT (holder) DO UPDATE SET keys = excluded.keys, until = excluded.until",
      holder,
      JSON.stringify(all),
      until,
    );
    if (mine) for (const name of mine.keys) if (index.get(name)?.holder === holder) index.delete(name);
    this.byHolder.set(holder, { keys: all, until });
    for (const name of all) index.set(name, { holder, until });
    return { status: "held" };
  }

  /**
   * Gives `keys` back (all of the holder's when omitted): one statement. Returns the writes that
   * waited for them, their rows removed, for the object to wake.
   */
  release(holder: string, keys: readonly RecordKey[] | null): LockWaiter[] {
    const index = this.index();
    const mine = this.byHolder.get(holder);
    if (!mine) return [];
    const given = keys ? new Set(keys.map(keyName)) : new Set(mine.keys);
    const left = mine.keys.filter((name) => !given.has(name));
    if (left.length === 0) {
      this.sql.exec("DELETE FROM holds WHERE holder = ?", holder);
      this.byHolder.delete(holder);
    } else {
      this.sql.exec("UPDATE holds SET keys = ? WHERE holder = ?", JSON.stringify(left), holder);
      this.byHolder.set(holder, { keys: left, until: mine.until });
    }
    const freed = mine.keys.filter((name) => given.has(name));
    for (const name of freed) if (index.get(name)?.holder === holder) index.delete(name);
    return this.takeWaiters(freed);
  }

  /**
   * A write found `key` held (hold answered busy): it waits, and is woken when the key is given
   * back, or retries when the hold's lease ends (`heldForSeconds`), should its holder have crashed.
   * `ready` when the key was given back meanwhile.
   */
  addWaiter(key: RecordKey, waiter: LockWaiter, now: number): LockWaitAnswer {
    const name = keyName(key);
    const held = this.index().get(name);
    if (!held || held.until <= now) return { status: "ready" };
    this.sql.exec(
      "INSERT OR REPLACE INTO waiters (key, entity, event_id, region) VALUES (?, ?, ?, ?)",
      name,
      waiter.entity,
      waiter.eventId,
      waiter.region,
    );
    this.waited().add(name);
    return { status: "waiting", heldForSeconds: Math.max(1, Math.ceil((held.until - now) / 1000)) };
  }

  /** Who holds `key` now (null when nobody does), for tests and the admin's eye. */
  holderOf(key: RecordKey, now: number): string | null {
    const held = this.index().get(keyName(key));
    return held && held.until > now ? held.holder : null;
  }

  /** Waiters of the freed keys, their rows removed in one statement (none when nobody waits). */
  private takeWaiters(freed: string[]): LockWaiter[] {
    const waited = this.waited();
    const names = freed.filter((name) => waited.has(name));
    if (names.length === 0) return [];
    for (const name of names) waited.delete(name);
    return this.sql
      .exec<{ entity: string; event_id: string; region: string | null }>(
        "DELETE FROM waiters WHERE key IN (SELECT value FROM json_each(?)) RETURNING entity, event_id, region",
        JSON.stringify(names),
      )
      .toArray()
      .map((row) => ({ entity: row.entity, eventId: row.event_id, region: row.region }));
  }

  /** Rows of holders whose lease ended and who held one of `names` (their keys are taken over). */
  private dropExpired(now: number, names: string[]): void {
    const index = this.index();
    const expired = new Set<string>();
    for (const name of names) {
      const held = index.get(name);
      if (held && held.until <= now) expired.add(held.holder);
    }
    if (expired.size === 0) return;
    this.sql.exec("DELETE FROM holds WHERE holder IN (SELECT value FROM json_each(?))", JSON.stringify([...expired]));
    for (const holder of expired) {
      for (const name of this.byHolder.get(holder)?.keys ?? []) if (index.get(name)?.holder === holder) index.delete(name);
      this.byHolder.delete(holder);
    }
  }

  private index(): Map<string, { holder: string; until: number }> {
    if (this.byKey) return this.byKey;
    this.byKey = new Map();
    for (const row of this.sql.exec<{ holder: string; keys: string; until: number }>("SELECT holder, keys, until FROM holds")) {
      const keys = JSON.parse(row.keys) as string[];
      this.byHolder.set(row.holder, { keys, until: row.until });
      for (const name of keys) this.byKey.set(name, { holder: row.holder, until: row.until });
    }
    return this.byKey;
  }

  private waited(): Set<string> {
    if (this.waitedKeys) return this.waitedKeys;
    this.waitedKeys = new Set(this.sql.exec<{ key: string }>("SELECT DISTINCT key FROM waiters").toArray().map((row) => row.key));
    return this.waitedKeys;
  }
}
