/**
 * The state of one tenant's Odoo as the router sees it: writes in flight (the concurrency cap) and
 * a circuit breaker over the recent outcomes.
 *
 * What must survive a restart is in SQLite: the breaker (its state, cooldown, reason) and the last
 * check. The permits in flight and the window of recent outcomes are in memory: writing them cost
 * about six billed rows per Odoo write (a permit row and its key, its delete, an outcome row, the
 * window's trim, the last success), for facts that are seconds old. If the object restarts, the
 * permits of the writes in flight are forgotten (the cap may be exceeded by them once, for the
 * length of those writes) and the window starts empty (the breaker judges anew from minSamples);
 * an open breaker stays open. The last success is written at most once a minute and the last
 * error when it changes, so health keeps both across restarts.
 *
 *   closed    -> every write may go, up to maxConcurrency at once
 *   open      -> nothing goes until the cooldown ends (too many failures, or Odoo refused the login)
 *   half_open -> one probe goes; its success closes the breaker, its failure reopens it (for the
 *                first cooldown again while the outage is young, then ever longer: `nextCooldownMs`)
 */
import { applySqlMigrations } from "../durable/sql-migrations";
import type { DeliverySettings } from "./delivery-settings";

export type Outcome = "ok" | "business" | "retryable" | "auth";

export type Permit =
  | { ok: true; token: string; probe: boolean }
  /** busy: the cap is reached, a slot frees within seconds; paused: the breaker holds the tenant. */
  | { ok: false; retryInSeconds: number; reason: string; paused: boolean };

/** A permit whose holder went silent this long is forgotten (the consumer crashed). */
const PERMIT_LEASE_MS = 120_000;
/** The last success is written to SQLite at most this often (health reads the newer in memory). */
const SUCCESS_PERSIST_MS = 60_000;
/** A write refused because the cap is reached looks again this soon. */
const BUSY_RETRY_SECONDS = 2;
/**
 * A failed probe reopens the breaker for the first cooldown again until the outage (since the
 * breaker opened) is this many first cooldowns old; only then does the cooldown double. Doubling
 * from the first failed probe pushed the recovery from a 6 s outage past 30 s: a breaker opened
 * in the outage's first second (every failed attempt counts) saw its early probes fail.
 */
export const YOUNG_OUTAGE_COOLDOWNS = 4;

export interface GateHealth {
  state: "closed" | "open" | "half_open";
  reason: string | null;
  openedAt: string | null;
  nextProbeAt: string | null;
  inFlight: number;
  /**
   * Over the breaker's window: Odoo calls, failed calls (`failures`, each failed attempt of a call
   * retried within a delivery counts), writes judged and how many of them failed (`failedWrites`).
   */
  window: { calls: number; failures: number; writes: number; failedWrites: number };
  lastError: string | null;
  lastSuccessAt: string | null;
  /** The last Odoo check: ok when it reached Odoo and logged in (rights are the check's business). */
  lastCheck: { at: string; ok: boolean; error: string | null } | null;
}

interface BreakerRow extends Record<string, SqlStorageValue> {
  state: string;
  reason: string | null;
  opened_at: number | null;
  next_probe_at: number | null;
  cooldown_ms: number;
  last_error: string | null;
  last_success_at: number | null;
  last_check_at: number | null;
  last_check_error: string | null;
}

/** The gate's SQLite schema, as migrations (see durable/sql-migrations.ts). */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE permits (token TEXT PRIMARY KEY, probe INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  CREATE TABLE outcomes (seq INTEGER PRIMARY KEY AUTOINCREMENT, failed INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE breaker (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL, reason TEXT, opened_at INTEGER, next_probe_at INTEGER,
    cooldown_ms INTEGER NOT NULL, last_error TEXT, last_success_at INTEGER
  );
  INSERT INTO breaker (id, state, cooldown_ms) VALUES (1, 'closed', 0);
  `,
  // 2: a write's outcome counts its Odoo calls: the failure rate is judged per call, not per write
  //    (a write of five calls that failed on the last one is four good calls and one bad).
  `
  ALTER TABLE outcomes ADD COLUMN calls INTEGER NOT NULL DEFAULT 1;
  `,
  // 3: the last Odoo check (PUT tenant, GET odoo/check): evidence of reaching Odoo before any
  //    delivery, so health can tell "never reached" from "not needed yet". Not a breaker input.
  `
  ALTER TABLE breaker ADD COLUMN last_check_at INTEGER;
  ALTER TABLE breaker ADD COLUMN last_check_error TEXT;
  `,
  // 4: permits and outcomes are kept in memory (see the top of this file).
  `
  DROP TABLE permits;
  DROP TABLE outcomes;
  `,
];

export function migrateGateStore(sql: SqlStorage): void {
  applySqlMigrations(sql, MIGRATIONS);
}

export class GateStore {
  private readonly permits = new Map<string, { probe: boolean; expiresAt: number }>();
  /** The last `window` judged writes, oldest first: failed calls and calls made. */
  private outcomes: Array<{ failed: number; calls: number }> = [];
  private lastSuccessAt: number | null = null;
  private lastSuccessPersisted: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  acquire(settings: DeliverySettings, now: number): Permit {
    for (const [token, permit] of this.permits) if (permit.expiresAt <= now) this.permits.delete(token);
    const breaker = this.breaker();
    const inFlight = this.permits.size;
    let probe = false;
    if (breaker.state === "open") {
      if (breaker.next_probe_at !== null && now < breaker.next_probe_at) {
        return { ok: false, retryInSeconds: Math.ceil((breaker.next_probe_at - now) / 1000), reason: `Odoo paused: ${breaker.reason}`, paused: true };
      }
      this.sql.exec("UPDATE breaker SET state = 'half_open' WHERE id = 1");
      probe = true;
    } else if (breaker.state === "half_open") {
      const probing = [...this.permits.values()].some((p) => p.probe);
      if (probing) return { ok: false, retryInSeconds: BUSY_RETRY_SECONDS, reason: "Odoo paused: a probe is in flight", paused: true };
      probe = true;
    } else if (inFlight >= settings.maxConcurrency) {
      return { ok: false, retryInSeconds: BUSY_RETRY_SECONDS, reason: `${inFlight} writes in flight (cap ${settings.maxConcurrency})`, paused: false };
    }
    const token = crypto.randomUUID();
    this.permits.set(token, { probe, expiresAt: now + PERMIT_LEASE_MS });
    return { ok: true, token, probe };
  }

  /** `outcome` null: the permit was not used for an Odoo call (nothing to judge). */
  release(
    token: string,
    outcome: Outcome | null,
    error: string | null,
    settings: DeliverySettings,
    now: number,
    callsMade = 1,
    /** Calls of this write that failed transiently, retried within the delivery or not. */
    failedCalls = 0,
  ): void {
    const permit = this.permits.get(token);
    this.permits.delete(token);
    if (outcome === null) {
      // An unused probe leaves the breaker half-open: the next write probes.
      return;
    }
    // Business errors mean Odoo answered and is healthy: only transport and login failures count.
    const failed = outcome === "retryable" || outcome === "auth";
    // A write whose calls were retried within the delivery counts each failed attempt: an outage
    // that fails every attempt must still read as a failure rate near 1, not 1 in 3.
    const failedNow = Math.min(Math.max(failed ? 1 : 0, failedCalls), Math.max(1, callsMade));
    this.outcomes.push({ failed: failedNow, calls: Math.max(1, callsMade) });
    if (this.outcomes.length > settings.breaker.window) this.outcomes = this.outcomes.slice(-settings.breaker.window);
    const breaker = this.breaker();
    if (failed) {
      if (error !== breaker.last_error) this.sql.exec("UPDATE breaker SET last_error = ? WHERE id = 1", error);
    } else {
      this.lastSuccessAt = now;
      if (this.lastSuccessPersisted === null || now - this.lastSuccessPersisted >= SUCCESS_PERSIST_MS) {
        this.sql.exec("UPDATE breaker SET last_success_at = ? WHERE id = 1", now);
        this.lastSuccessPersisted = now;
      }
    }

    if (permit?.probe) {
      if (failed) this.open(breaker.reason ?? "probe failed", nextCooldownMs(breaker, settings, now), now);
      else this.close();
      return;
    }
    // A write let through before the breaker opened: its success while a probe may go says Odoo
    // answers again; its failure is the outage the breaker already knows (only the probe reopens it).
    if (breaker.state === "half_open" && !failed) return this.close();
    if (breaker.state !== "closed") return;
    if (outcome === "auth") return this.open(`Odoo refused the login: ${error}`, settings.breaker.cooldownSeconds * 1000, now);
    const { calls, failures } = this.window();
    if (calls >= settings.breaker.minSamples && failures / calls >= settings.breaker.failureRate) {
      this.open(`${failures} of the last ${calls} calls failed (${error})`, settings.breaker.cooldownSeconds * 1000, now);
    }
  }

  health(): GateHealth {
    const b = this.breaker();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      state: b.state as GateHealth["state"],
      reason: b.reason,
      openedAt: iso(b.opened_at),
      nextProbeAt: b.state === "open" ? iso(b.next_probe_at) : null,
      inFlight: [...this.permits.values()].filter((p) => p.expiresAt > Date.now()).length,
      window: this.window(),
      lastError: b.last_error,
      lastSuccessAt: iso(Math.max(b.last_success_at ?? 0, this.lastSuccessAt ?? 0) || null),
      lastCheck: b.last_check_at === null ? null : { at: iso(b.last_check_at)!, ok: b.last_check_error === null, error: b.last_check_error },
    };
  }

  /** Records an Odoo check's outcome (null error: it reached Odoo and authenticated). */
  recordCheck(error: string | null, now: number): void {
    this.sql.exec("UPDATE breaker SET last_check_at = ?, last_check_error = ? WHERE id = 1", now, error);
  }

  private open(reason: string, cooldownMs: number, now: number): void {
    this.sql.exec(
      "UPDATE breaker SET state = 'open', reason = ?, opened_at = COALESCE(opened_at, ?), next_probe_at = ?, cooldown_ms = ? WHERE id = 1",
      reason,
      now,
      now + cooldownMs,
      cooldownMs,
    );
  }

  private close(): void {
    this.sql.exec("UPDATE breaker SET state = 'closed', reason = NULL, opened_at = NULL, next_probe_at = NULL, cooldown_ms = 0 WHERE id = 1");
    this.outcomes = [];
  }

  /** Whether a write holding a permit may retry a failed call within its delivery now. */
  allowsRetry(): boolean {
    return this.breaker().state === "closed";
  }

  private breaker(): BreakerRow {
    return this.sql.exec<BreakerRow>("SELECT * FROM breaker WHERE id = 1").one();
  }

  private window(): GateHealth["window"] {
    let calls = 0;
    let failures = 0;
    let failedWrites = 0;
    for (const o of this.outcomes) {
      calls += o.calls;
      failures += o.failed;
      if (o.failed > 0) failedWrites++;
    }
    return { calls, failures, writes: this.outcomes.length, failedWrites };
  }
}

/**
 * The cooldown after a failed probe: the first cooldown again while the outage is young (open for
 * less than YOUNG_OUTAGE_COOLDOWNS first cooldowns), so a short outage is over for the router
 * within one cooldown of its end; then double the last one, up to maxCooldownSeconds, so an Odoo
 * that stays down is probed ever less often.
 */
export function nextCooldownMs(
  breaker: { opened_at: number | null; cooldown_ms: number },
  settings: Pick<DeliverySettings, "breaker">,
  now: number,
): number {
  const first = settings.breaker.cooldownSeconds * 1000;
  const age = now - (breaker.opened_at ?? now);
  if (age < first * YOUNG_OUTAGE_COOLDOWNS) return first;
  return Math.min(Math.max(first, breaker.cooldown_ms * 2), settings.breaker.maxCooldownSeconds * 1000);
}
