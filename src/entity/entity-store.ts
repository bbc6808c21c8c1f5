/**
 * The synchronous SQLite core of an entity object: deduplication, ordering, the one-write-at-a-time
 * sequence and the timeline outbox. Every method runs without an `await`, so the writes of one call
 * commit together (Durable Objects coalesce them into one atomic transaction) and are durable before
 * the caller sees the result (output gate).
 */
import { changedFields, dataValue, isPartial, type CanonicalEvent } from "../events/canonical";
import { personalEmails, redactPersonalData } from "../events/personal-data";
import { retentionMs, type Retention, type RetentionMs } from "../retention/retention";
import {
  judgeField,
  mergeChange,
  newestFor,
  stampsOf,
  withCompanions,
  withoutOlderThan,
  withoutValues,
  type FieldStamp,
  type WriteFields,
} from "./partial-changes";
import type {
  TimelineEntry,
  AuditMessage,
  EventError,
  EventIdentity,
  EventState,
  EventStatus,
  OdooRef,
} from "../audit/audit-message";
import { TABLES_ON_FIRST_USE, type TableOnFirstUse } from "./store-schema";

/** Redeliveries are recognised for at least this long (providers retry for up to 3 days). */
export const DEDUP_RETENTION_MS = 8 * 24 * 3600_000;
/** Dead events keep their payload this long by default (the tenant's `retention` may change it). */
export const DEAD_RETENTION_MS = retentionMs(null).deadPayloadMs;
/** A released write not claimed by a consumer within this time is released again. */
export const RELEASE_LEASE_MS = 15 * 60_000;
/** A claimed write whose consumer went silent this long may be claimed again. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/**
 * A waiter registering after this entity's write settled is woken at once when the write settled
 * after its attempt began (`since`, the consumer's clock): this much clock difference is allowed.
 */
export const WAITER_CLOCK_SKEW_MS = 1_000;

/** A write of another entity (same tenant and source) waiting for this entity; see addWaiter. */
export interface Waiter {
  /** The waiting entity's object name (entityName). */
  entity: string;
  eventId: string;
  /** Where the waiting entity's object lives (the tenant's region), null for none. */
  region: string | null;
}

/**
 * What a waiter hears when it registers: wait (it is woken later; `heldForSeconds`: the hold it
 * waits out ends by then at the latest, should its holder crash), try again now, or give up.
 */
export type WaitAnswer = { status: "waiting"; heldForSeconds?: number } | { status: "ready" } | { status: "dead"; error: EventError };

/** What this entity owes its waiters after a change: a wake-up, or the news that it is dead. */
export type WaiterNotice = Waiter & ({ action: "wake" } | { action: "dead"; error: EventError });

export interface IngestInput {
  eventId: string;
  deliveryId: string;
  identity: EventIdentity;
  event: CanonicalEvent;
  /** The tenant's retention as of this delivery ({} or absent: the defaults). */
  retention?: Retention;
  /**
   * A batch flow (routing `flows.{kind}: {mode: "batch"}`): the write is held until this instant
   * (the source's next reconciliation slot); newer versions meanwhile replace it (N updates -> 1 write).
   */
  holdUntil?: number;
  /**
   * A reconciliation listing: a version this entity already has (same delivery, or not newer than
   * what it applied or holds) leaves no trace: no event row, no audit record. Only news is stored.
   */
  quietIfKnown?: boolean;
}

/** What an erasure did in this entity (see erase()). */
export interface ErasureResult {
  /** Stored payloads redacted now. */
  payloads: number;
  /** Payloads still being written to Odoo: redacted as soon as their write finishes. */
  pending: number;
  /** The emails the erased payloads carried (lower-cased), so the caller can find the rest. */
  emails: string[];
}

export type IngestResult =
  | { status: "accepted"; eventId: string }
  | { status: "stale"; eventId: string }
  | { status: "duplicate"; eventId: string };

export type ClaimResult =
  | {
      status: "ready";
      attempt: number;
      identity: EventIdentity;
      event: CanonicalEvent;
      /**
       * Another event of this entity was attempted and did not end delivered (dead, superseded or
       * ignored after an attempt): it may have created the entity's record in Odoo with its answer
       * lost, so this write must search before creating, as a retry does.
       */
      earlierWrite: boolean;
    }
  | { status: "busy"; retryInSeconds: number }
  | { status: "gone" };

export type WriteOutcome =
  /** odoo: the record written, or read (an outbound flow's source record; null when none). */
  | { status: "delivered"; odoo: OdooRef | null; detail: Record<string, unknown> }
  /** Nothing to write after all (a thin event whose entity was deleted upstream, routing "ignore"). */
  | { status: "ignored"; reason: string; detail: Record<string, unknown> }
  | { status: "dead"; error: EventError; detail: Record<string, unknown> };

interface EventRow extends Record<string, SqlStorageValue> {
  event_id: string;
  version: number;
  state: string;
  status: string;
  status_seq: number;
  identity: string;
  payload: string;
  attempts: number;
  reason: string | null;
  odoo: string | null;
  error: string | null;
  released: number;
  lease_until: number | null;
  claim_until: number | null;
  claimed_by: string | null;
  created_at: number;
  redacted_at: number | null;
  fields: string | null;
  settled_at: number | null;
  wakes: number;
  wake_pending: number;
  /** Timeline entries not yet shipped to D1 (a JSON array of TimelineEntry), or null. */
  unshipped: string | null;
  /** The delivery this event was received as (null for a replay or a redelivery's own record). */
  delivery_id: string | null;
  /** The audit records of this event's redeliveries (a JSON array of DuplicateRecord), or null. */
  duplicates: string | null;
}

/**
 * A redelivery's own audit record (status "duplicate"), kept on its original's row: a row of its
 * own was one insert and one shipped mark per redelivery, on top of the original's note. `entries`:
 * its timeline entries not shipped yet, null once shipped (the record stays, so its id can still be
 * replayed, as the original's payload it is).
 */
interface DuplicateRecord {
  identity: EventIdentity;
  reason: string;
  statusSeq: number;
  entries: TimelineEntry[] | null;
}

/** Rows holding a duplicate record not shipped yet (JSON.stringify writes `"entries":[` for no other value). */
const UNSENT_DUPLICATES = `instr(COALESCE(duplicates, ''), '"entries":[') > 0`;

/** An event row written at the end of the call that made it (see insertEvent). */
type NewEvent = Pick<EventRow, "event_id" | "version" | "state" | "status" | "identity" | "payload" | "reason" | "created_at" | "fields" | "delivery_id">;

export class EntityStore {
  private readonly timeline = new Map<string, { entries: Omit<TimelineEntry, "seq">[]; status: EventStatus | null }>();
  /** Events made by the current call: inserted once, with their timeline, when it ends. */
  private readonly inserts = new Map<string, NewEvent>();
  /** Notices for waiters, taken (and sent) by the object after the change that produced them. */
  private notices: WaiterNotice[] = [];
  /** The tables this object has, read once (see has()). */
  private tables: Set<string> | null = null;
  /** Rows whose duplicate records the current call changed (their whole new list), written with their timeline. */
  private readonly duplicateChanges = new Map<string, DuplicateRecord[]>();

  constructor(private readonly sql: SqlStorage) {}

  ingest(input: IngestInput, now: number): IngestResult {
    return this.changing(() => this.ingestNow(input, now));
  }

  private ingestNow(input: IngestInput, now: number): IngestResult {
    if (input.retention) this.rememberRetention(input.retention);
    const seen = this.deliverySeen(input.deliveryId);
    if (seen) {
      if (input.quietIfKnown) return { status: "duplicate", eventId: seen };
      this.recordRedelivery(input, seen, now);
      return { status: "duplicate", eventId: seen };
    }
    // The delivery id is written with the event's row (see insertEvent): no row of its own.
    return this.order(input, now, false);
  }

  /**
   * Replays a stored event as a new event: dedup is bypassed, ordering and staleness are not (a
   * replay of the version already applied is allowed, to re-sync Odoo; an older one is stale).
   */
  replay(originalId: string, replayEventId: string, jobId: string, now: number): IngestResult | { status: "expired" } {
    return this.changing(() => this.replayNow(originalId, replayEventId, jobId, now));
  }

  private replayNow(originalId: string, replayEventId: string, jobId: string, now: number): IngestResult | { status: "expired" } {
    const own = this.event(originalId);
    // A redelivery's record replays the payload it was a redelivery of.
    const duplicate = own ? null : this.duplicateNamed(originalId);
    const original = own ?? duplicate?.row;
    // A redacted payload would write blanks over the person's data in Odoo: it is not replayable.
    if (!original || original.redacted_at !== null) return { status: "expired" };
    const identity: EventIdentity = {
      ...(duplicate ? duplicate.record.identity : (JSON.parse(original.identity) as EventIdentity)),
      id: replayEventId,
      deliveryId: `replay:${jobId}:${originalId}`,
      receivedAt: now,
      duplicateOf: null,
      replayOf: originalId,
    };
    const input = { eventId: replayEventId, deliveryId: identity.deliveryId!, identity, event: JSON.parse(original.payload) as CanonicalEvent };
    if (duplicate) {
      const records = this.duplicatesOf(duplicate.row);
      const record = records.find((r) => r.identity.id === originalId)!;
      record.statusSeq += 1;
      record.entries = [...(record.entries ?? []), { seq: record.statusSeq, at: now, step: "replayed", detail: { as: replayEventId, job: jobId } }];
      this.duplicateChanges.set(duplicate.row.event_id, records);
    } else {
      this.appendTimeline(originalId, now, "replayed", { as: replayEventId, job: jobId });
    }
    return this.order(input, now, true);
  }

  /** Orders a new event against what this entity applied or is about to apply. */
  private order(input: IngestInput, now: number, replay: boolean): IngestResult {
    if (isPartial(input.event) && changedFields(input.event).length > 0) return this.orderPartial(input, now, replay);
    // A replay bypasses dedup: its delivery id is not one a provider sends again.
    const delivery = replay ? null : input.deliveryId;
    const version = input.event.version;
    const newest = this.newestKnownVersion();
    const received = { deliveryId: input.deliveryId, topic: input.identity.topic, version, ...(replay ? { replayOf: input.identity.replayOf } : {}) };
    if (newest !== null && (replay ? version < newest : version <= newest)) {
      // Known already: no row, so the delivery id is not kept either (the listing's next run is judged the same way).
      if (input.quietIfKnown) return { status: "stale", eventId: input.eventId };
      this.insertEvent(input, delivery, now, "stale", "stale", `version ${describeVersion(version)} is not newer than ${describeVersion(newest)}`);
      this.appendTimeline(input.eventId, input.identity.receivedAt, "received", received);
      this.appendTimeline(input.eventId, input.identity.receivedAt, "verified", null);
      this.appendTimeline(input.eventId, now, "ordered", { stale: true, version, newerVersion: newest }, "stale");
      return { status: "stale", eventId: input.eventId };
    }

    // Coalescing: a write still waiting is replaced by this newer one (latest version wins).
    const waiting = this.eventsInState("pending")[0];
    if (waiting) {
      this.appendTimeline(waiting.event_id, now, "superseded", { by: input.eventId, version }, "superseded");
      this.finish(waiting.event_id, "superseded", "superseded", `superseded by ${input.eventId}`);
    }
    const inflight = this.eventsInState("inflight")[0];
    const held = this.hold(input, now);
    this.insertEvent(input, delivery, now, inflight || held ? "pending" : "inflight", "accepted", null);
    this.appendTimeline(input.eventId, input.identity.receivedAt, "received", received);
    this.appendTimeline(input.eventId, input.identity.receivedAt, "verified", null);
    this.appendTimeline(input.eventId, now, "ordered", {
      version,
      previousVersion: newest,
      waitingFor: inflight?.event_id ?? null,
      ...(held ? { heldUntil: new Date(held).toISOString() } : {}),
    });
    if (!inflight && !held) this.appendTimeline(input.eventId, now, "queued", null, "queued");
    return { status: "accepted", eventId: input.eventId };
  }

  /**
   * Orders a partial change field by field (entity/partial-changes.ts): its older and unchanged
   * fields are dropped, the rest applies; a write still waiting absorbs it (newest value per field).
   */
  private orderPartial(input: IngestInput, now: number, replay: boolean): IngestResult {
    const { event } = input;
    const delivery = replay ? null : input.deliveryId;
    const version = event.version;
    const known = this.knownWrites();
    const verdicts = { newer: [] as string[], older: [] as string[], unchanged: [] as string[] };
    for (const field of changedFields(event)) {
      verdicts[judgeField(version, dataValue(event.data, field), newestFor(field, known), replay)].push(field);
    }
    const { newer, older, unchanged } = verdicts;
    const received = { deliveryId: input.deliveryId, topic: input.identity.topic, version, ...(replay ? { replayOf: input.identity.replayOf } : {}) };
    const dropped = { ...(older.length ? { olderFields: older } : {}), ...(unchanged.length ? { unchangedFields: unchanged } : {}) };
    if (newer.length === 0) {
      const reason = older.length
        ? `version ${describeVersion(version)} of ${older.join(", ")} is older than the version applied or waiting`
        : `${unchanged.join(", ")} already has this value at version ${describeVersion(version)} (no change)`;
      this.insertEvent(input, delivery, now, "stale", "stale", reason);
      this.appendTimeline(input.eventId, input.identity.receivedAt, "received", received);
      this.appendTimeline(input.eventId, input.identity.receivedAt, "verified", null);
      this.appendTimeline(input.eventId, now, "ordered", { stale: true, version, ...dropped }, "stale");
      return { status: "stale", eventId: input.eventId };
    }

    let write: { event: CanonicalEvent; fields: WriteFields } = {
      event: { ...event, changed: newer },
      fields: { base: null, fields: stampsOf(event, newer) },
    };
    const waiting = this.eventsInState("pending")[0];
    if (waiting) {
      write = mergeChange({ event: JSON.parse(waiting.payload) as CanonicalEvent, fields: this.writeFields(waiting) }, event, newer);
      this.appendTimeline(waiting.event_id, now, "superseded", { by: input.eventId, version, merged: true }, "superseded");
      this.finish(waiting.event_id, "superseded", "superseded", `merged into ${input.eventId}`);
    }
    const inflight = this.eventsInState("inflight")[0];
    const held = this.hold(input, now);
    this.insertEvent({ ...input, event: write.event }, delivery, now, inflight || held ? "pending" : "inflight", "accepted", null, write.fields);
    this.appendTimeline(input.eventId, input.identity.receivedAt, "received", received);
    this.appendTimeline(input.eventId, input.identity.receivedAt, "verified", null);
    this.appendTimeline(input.eventId, now, "ordered", {
      version,
      fields: newer,
      ...dropped,
      mergedFrom: waiting?.event_id ?? null,
      waitingFor: inflight?.event_id ?? null,
      ...(held ? { heldUntil: new Date(held).toISOString() } : {}),
    });
    if (!inflight && !held) this.appendTimeline(input.eventId, now, "queued", null, "queued");
    return { status: "accepted", eventId: input.eventId };
  }

  /** Hands the in-flight write to one consumer at a time. */
  /**
   * `claimant` is the queue message id: the same message taking the claim again (its consumer
   * crashed after the claim, e.g. on an object reset) gets it at once instead of waiting out the
   * lease; another message (a duplicate, a re-release) waits.
   */
  claim(eventId: string, now: number, claimant: string | null = null, wake = 0): ClaimResult {
    const row = this.event(eventId);
    if (!row || row.state !== "inflight") return { status: "gone" };
    // A message sent before the write was woken: the wake-up's own message carries it now.
    if (wake < row.wakes) return { status: "gone" };
    const ownClaim = claimant !== null && row.claimed_by === claimant;
    if (row.claim_until !== null && row.claim_until > now && !ownClaim) {
      return { status: "busy", retryInSeconds: Math.ceil((row.claim_until - now) / 1000) };
    }
    const attempt = row.attempts + 1;
    // The message arrived: the write is released (the object may not have marked it after the send).
    this.sql.exec(
      "UPDATE events SET attempts = ?, claim_until = ?, lease_until = ?, claimed_by = ?, released = 1 WHERE event_id = ?",
      attempt,
      now + CLAIM_LEASE_MS,
      now + CLAIM_LEASE_MS,
      claimant,
      eventId,
    );
    const event = JSON.parse(row.payload) as CanonicalEvent;
    const earlierWrite =
      this.sql.exec("SELECT 1 FROM events WHERE event_id <> ? AND attempts > 0 AND state <> 'delivered' LIMIT 1", eventId).toArray().length > 0;
    return {
      status: "ready",
      attempt,
      earlierWrite,
      identity: JSON.parse(row.identity) as EventIdentity,
      // A partial change is written with the known values of the fields written with its own.
      event: isPartial(event) ? withCompanions(event, this.appliedFields()) : event,
    };
  }

  /**
   * A write of another entity waits for this one: it found this entity's record not yet in Odoo.
   * It is woken when this entity's write settles, never by polling. (A record held by another write
   * is waited for in the source's record locks, src/delivery/record-lock-object.ts.) Answers `ready`
   * when the write settled between its attempt (begun at `since`) and now, `dead` when this
   * entity's write is dead and no other is coming. One row per waiting write; registering again
   * only updates it.
   */
  addWaiter(waiter: Waiter, needs: "written", since: number, now: number): WaitAnswer {
    if (!this.hasOpenWrite()) {
      const last = this.lastSettled();
      if (last?.state === "dead") return { status: "dead", error: deadDependencyError(last) };
      if (last && last.settled_at! >= since - WAITER_CLOCK_SKEW_MS) return { status: "ready" };
    }
    this.create("waiters");
    this.sql.exec(
      `INSERT INTO waiters (entity, event_id, region, needs, added_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (entity, event_id) DO UPDATE SET needs = excluded.needs, added_at = excluded.added_at`,
      waiter.entity,
      waiter.eventId,
      waiter.region,
      needs,
      now,
    );
    return { status: "waiting" };
  }

  /**
   * The entity this write waits for is ready: its write goes to the queue again now (a new
   * message, numbered by `wakes`, so the one waiting out its delay is acked when it comes). A write
   * claimed at the moment is woken when its attempt records its retry. False when the write is
   * no longer in flight (finished or superseded): nothing to wake.
   */
  wake(eventId: string, now: number): boolean {
    const row = this.event(eventId);
    if (!row || row.state !== "inflight") return false;
    if (row.claim_until !== null && row.claim_until > now) {
      if (row.wake_pending === 0) this.sql.exec("UPDATE events SET wake_pending = 1 WHERE event_id = ?", eventId);
    } else if (row.released === 1) {
      this.sql.exec("UPDATE events SET released = 0, wakes = wakes + 1, wake_pending = 0 WHERE event_id = ?", eventId);
    }
    return true;
  }

  /**
   * The entity this write waits for is dead and no other write of it is coming: the write is
   * dead too, with the dependency's error (replayable once the dependency is fixed). A write
   * claimed at the moment is left to its attempt, which registers again and hears it then.
   */
  releaseForDeadDependency(eventId: string, error: EventError, now: number): boolean {
    return this.changing(() => {
      const row = this.event(eventId);
      if (!row || row.state !== "inflight") return false;
      if (row.claim_until !== null && row.claim_until > now) {
        this.sql.exec("UPDATE events SET wake_pending = 1 WHERE event_id = ?", eventId);
        return false;
      }
      return this.completeNow(eventId, { status: "dead", error, detail: { waited: true } }, now);
    });
  }

  /** The notices the last changes produced, for the object to send (see WaiterNotice). */
  takeNotices(): WaiterNotice[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  defer(eventId: string, seconds: number, now: number): void {
    this.sql.exec(
      "UPDATE events SET lease_until = MAX(COALESCE(lease_until, 0), ?) WHERE event_id = ? AND state = 'inflight' AND claim_until IS NULL",
      now + seconds * 1000 + RELEASE_LEASE_MS,
      eventId,
    );
  }

  /** A failed attempt that will be retried: the write stays in flight, its lease covers the delay. */
  /**
   * `waitingFor`: the entity the write waits for (it is woken by it; `retryInSeconds` is then only
   * the safety net). A wake-up that came during the attempt sends the write again at once.
   */
  recordRetry(eventId: string, error: EventError, retryInSeconds: number, now: number, waitingFor: string | null = null): boolean {
    return this.changing(() => this.recordRetryNow(eventId, error, retryInSeconds, now, waitingFor));
  }

  private recordRetryNow(eventId: string, error: EventError, retryInSeconds: number, now: number, waitingFor: string | null): boolean {
    const row = this.event(eventId);
    if (!row || row.state !== "inflight") return false;
    const retryAt = now + retryInSeconds * 1000;
    this.sql.exec(
      `UPDATE events SET status = 'retrying', error = ?, claim_until = NULL, lease_until = ?,
       released = CASE WHEN wake_pending = 1 THEN 0 ELSE released END, wakes = wakes + wake_pending, wake_pending = 0
       WHERE event_id = ?`,
      JSON.stringify(clipError(error)),
      retryAt + RELEASE_LEASE_MS,
      eventId,
    );
    this.appendTimeline(
      eventId,
      now,
      "odoo_attempt",
      {
        attempt: row.attempts,
        outcome: "failed",
        error: clipError(error),
        retryInSeconds,
        ...(waitingFor ? { waitingFor } : {}),
        ...(row.wake_pending ? { woken: true } : {}),
      },
      "retrying",
    );
    return true;
  }

  /** The in-flight write finished (delivered or dead): the next waiting write, if any, is released. */
  complete(eventId: string, outcome: WriteOutcome, now: number): boolean {
    return this.changing(() => this.completeNow(eventId, outcome, now));
  }

  private completeNow(eventId: string, outcome: WriteOutcome, now: number): boolean {
    const row = this.event(eventId);
    if (!row || row.state !== "inflight") return false;
    // A dead write counts as settled too: it may have written part of itself (an order's header
    // before its refused lines), and a late older version must not then move Odoo backwards.
    // Replaying the dead event (same version) is still allowed.
    // The version it applied is the row's own, once finished below (see appliedVersion).
    this.recordAppliedFields(row);
    if (outcome.status === "delivered") {
      this.appendTimeline(eventId, now, "odoo_attempt", { attempt: row.attempts, outcome: "ok", ...outcome.detail });
      this.appendTimeline(eventId, now, "delivered", { odoo: outcome.odoo }, "delivered");
      this.finish(eventId, "delivered", "delivered", null, now, { odoo: JSON.stringify(outcome.odoo), error: null });
    } else if (outcome.status === "ignored") {
      this.appendTimeline(eventId, now, "ignored", { reason: outcome.reason, ...outcome.detail }, "ignored");
      this.finish(eventId, "ignored", "ignored", outcome.reason, now);
    } else {
      outcome = { ...outcome, error: clipError(outcome.error) };
      this.appendTimeline(eventId, now, "odoo_attempt", {
        attempt: row.attempts,
        outcome: "failed",
        error: outcome.error,
        ...outcome.detail,
      });
      this.appendTimeline(eventId, now, "dead", { error: outcome.error }, "dead");
      this.finish(eventId, "dead", "dead", outcome.error.message, now, { error: JSON.stringify(outcome.error) });
    }
    const next = this.eventsInState("pending")[0];
    if (next && !this.heldUntil(now)) {
      this.sql.exec("UPDATE events SET state = 'inflight', released = 0 WHERE event_id = ?", next.event_id);
      this.appendTimeline(next.event_id, now, "queued", { after: eventId }, "queued");
    }
    // Waiters go now: a delivered (or ignored) write wakes them all; of a dead one they learn it
    // is dead, unless another write is coming.
    if (outcome.status !== "dead") this.noticeWaiters({ action: "wake" });
    else if (!this.hasOpenWrite()) this.noticeWaiters({ action: "dead", error: deadDependencyError(this.event(eventId)!) });
    return true;
  }

  /**
   * A batch flow's write waits in `pending` until the hold ends (a fact, so the alarm finds it);
   * an earlier hold already set is kept. Returns the instant the write is released, or null.
   * A write on an entity whose flow is realtime (no `holdUntil`) is never held.
   */
  private hold(input: IngestInput, now: number): number | null {
    if (input.holdUntil === undefined || input.holdUntil <= now) {
      // A realtime write (the routing turned the flow back to realtime): it goes now, and takes the
      // place of a held one (superseded by the caller).
      if (this.fact("held_until") !== null) this.sql.exec("DELETE FROM facts WHERE name = 'held_until'");
      return null;
    }
    const until = Math.min(input.holdUntil, this.heldUntil(now) ?? Infinity);
    this.setFact("held_until", String(until));
    return until;
  }

  private heldUntil(now: number): number | null {
    const raw = this.fact("held_until");
    return raw !== null && Number(raw) > now ? Number(raw) : null;
  }

  /** The hold is over: the newest waiting write (the others were superseded) goes to Odoo. */
  private releaseHeld(now: number): void {
    const raw = this.fact("held_until");
    if (raw === null || Number(raw) > now) return;
    this.sql.exec("DELETE FROM facts WHERE name = 'held_until'");
    if (this.eventsInState("inflight")[0]) return; // released when the write in flight completes
    const next = this.eventsInState("pending")[0];
    if (!next) return;
    this.sql.exec("UPDATE events SET state = 'inflight', released = 0 WHERE event_id = ?", next.event_id);
    this.appendTimeline(next.event_id, now, "queued", { heldUntil: new Date(Number(raw)).toISOString() }, "queued");
  }

  /** Writes released but not yet on the queue (sent by the object, then marked). */
  unreleased(): { eventId: string; identity: EventIdentity; wake: number }[] {
    return this.sql
      .exec<{ event_id: string; identity: string; wakes: number }>("SELECT event_id, identity, wakes FROM events WHERE state = 'inflight' AND released = 0")
      .toArray()
      .map((row) => ({ eventId: row.event_id, identity: JSON.parse(row.identity) as EventIdentity, wake: row.wakes }));
  }

  /** The write messages sent (event id -> the wake number each carried) are on the queue: their lease starts. */
  markReleased(sent: Map<string, number>, now: number): void {
    this.markShipped(sent, new Map(), now);
  }

  /**
   * Timeline entries not yet shipped, as audit messages (one per event, oldest events first): at
   * most `limit` events, each message under `budget.messageBytes` and all under
   * `budget.batchBytes` (a queue message is at most 128 KB, a sendBatch 256 KB). Entries past a
   * budget wait for the next round. `shipped`: per event, the last seq the messages carry.
   *
   * `holdQueuedMs`: a write queued less than this long ago waits with its timeline (received ..
   * queued), so that when it is written within that time its whole timeline is one audit message:
   * one D1 row for the event and one timeline chunk instead of two of each. `heldUntil`: when the
   * first such write is due anyway (the object flushes again then; its alarm is the safety net).
   */
  pendingAudit(
    limit: number,
    budget: AuditBudget = UNBOUNDED,
    { holdQueuedMs = 0, now = Date.now() }: { holdQueuedMs?: number; now?: number } = {},
  ): { messages: AuditMessage[]; shipped: Map<string, number>; heldUntil: number | null } {
    const rows = this.sql
      .exec<EventRow>(`SELECT * FROM events WHERE unshipped IS NOT NULL OR ${UNSENT_DUPLICATES} ORDER BY created_at, event_id LIMIT ?`, limit)
      .toArray();
    const messages: AuditMessage[] = [];
    // Per row: the last seq shipped of its own entries, and of each duplicate record's (its id).
    const shipped = new Map<string, number>();
    let heldUntil: number | null = null;
    let batchBytes = 0;
    for (const row of rows) {
      if (row.state === "inflight" && row.status === "queued" && row.created_at + holdQueuedMs > now) {
        heldUntil = Math.min(heldUntil ?? Infinity, row.created_at + holdQueuedMs);
        continue;
      }
      // The row's redeliveries first, whole (a few small entries each), within the same budgets.
      const duplicates = this.duplicatesOf(row).filter((r) => r.entries !== null);
      const duplicateMessages = duplicates.map((r): AuditMessage => ({ type: "audit", event: r.identity, state: duplicateState(r), entries: r.entries! }));
      const duplicateBytes = duplicateMessages.reduce((n, m) => n + utf8Length(JSON.stringify(m)) + MESSAGE_OVERHEAD_BYTES, 0);
      if (messages.length > 0 && (messages.length + duplicateMessages.length + 1 > limit || batchBytes + duplicateBytes > budget.batchBytes)) break;
      if (duplicateMessages.length > 0) {
        messages.push(...duplicateMessages);
        for (const r of duplicates) shipped.set(duplicateKey(row.event_id, r.identity.id), r.statusSeq);
        batchBytes += duplicateBytes;
      }
      if (row.unshipped === null) continue;
      const message: AuditMessage = { type: "audit", event: JSON.parse(row.identity), state: stateOf(row), entries: [] };
      let bytes = utf8Length(row.identity) + MESSAGE_OVERHEAD_BYTES;
      for (const entry of JSON.parse(row.unshipped) as TimelineEntry[]) {
        const entryBytes = utf8Length(JSON.stringify(entry)) + ROW_OVERHEAD_BYTES;
        // The batch's first entry always goes, whatever its size: otherwise nothing ever would.
        const first = messages.length === 0 && message.entries.length === 0;
        if (!first && (bytes + entryBytes > budget.messageBytes || batchBytes + bytes + entryBytes > budget.batchBytes)) break;
        message.entries.push(entry);
        bytes += entryBytes;
      }
      if (message.entries.length === 0) break;
      messages.push(message);
      shipped.set(row.event_id, message.entries.at(-1)!.seq);
      batchBytes += bytes;
    }
    return { messages, shipped, heldUntil };
  }

  markAuditShipped(shipped: Map<string, number>): void {
    this.markShipped(new Map(), shipped, Date.now());
  }

  /**
   * After a send: the released writes are on the queue (`released`: event id -> the wake number its
   * message carried; their lease starts, never shortened: a deferred write keeps its longer one), the
   * shipped timeline entries leave their events (entries added meanwhile stay). One row write per
   * event. A write woken again since its message was sent stays unreleased: its new message goes next.
   */
  markShipped(released: Map<string, number>, shipped: Map<string, number>, now: number): void {
    const rowIds = [...shipped.keys()].map((key) => rowOfKey(key));
    for (const eventId of new Set([...released.keys(), ...rowIds])) {
      const lastSeq = shipped.get(eventId);
      const shippedDuplicates = [...shipped].filter(([key]) => key !== eventId && rowOfKey(key) === eventId);
      let unshippedSql = "unshipped";
      const params: SqlStorageValue[] = [];
      if (lastSeq !== undefined || shippedDuplicates.length > 0) {
        const row = this.sql
          .exec<{ unshipped: string | null; duplicates: string | null }>("SELECT unshipped, duplicates FROM events WHERE event_id = ?", eventId)
          .toArray()[0];
        if (lastSeq !== undefined) {
          const left = row?.unshipped ? (JSON.parse(row.unshipped) as TimelineEntry[]).filter((e) => e.seq > lastSeq) : [];
          unshippedSql = "?";
          params.push(left.length ? JSON.stringify(left) : null);
        }
        if (shippedDuplicates.length > 0 && row?.duplicates) {
          // Entries added since the send (a replay of the record) stay for the next one.
          const sent = new Map(shippedDuplicates.map(([key, seq]) => [key, seq]));
          const records = (JSON.parse(row.duplicates) as DuplicateRecord[]).map((r) => {
            const seq = sent.get(duplicateKey(eventId, r.identity.id));
            if (seq === undefined || r.entries === null) return r;
            const left = r.entries.filter((e) => e.seq > seq);
            return { ...r, entries: left.length ? left : null };
          });
          unshippedSql += ", duplicates = ?";
          params.push(JSON.stringify(records));
        }
      }
      const wake = released.get(eventId);
      if (wake !== undefined && params.length === 0) {
        // Only the release mark: a row it does not apply to is not written (an update rewriting
        // the same values is still a billed row).
        this.sql.exec(
          `UPDATE events SET lease_until = MAX(COALESCE(lease_until, 0), ?), released = 1
           WHERE event_id = ? AND state = 'inflight' AND released = 0 AND wakes = ?`,
          now + RELEASE_LEASE_MS,
          eventId,
          wake,
        );
      } else if (wake !== undefined) {
        const marking = "state = 'inflight' AND released = 0 AND wakes = ?";
        this.sql.exec(
          `UPDATE events SET unshipped = ${unshippedSql},
           lease_until = CASE WHEN ${marking} THEN MAX(COALESCE(lease_until, 0), ?) ELSE lease_until END,
           released = CASE WHEN ${marking} THEN 1 ELSE released END
           WHERE event_id = ?`,
          ...params,
          wake,
          now + RELEASE_LEASE_MS,
          wake,
          eventId,
        );
      } else {
        this.sql.exec(`UPDATE events SET unshipped = ${unshippedSql} WHERE event_id = ?`, ...params, eventId);
      }
    }
  }

  /**
   * Housekeeping run by the alarm: releases again a write whose queue message seems lost, forgets
   * deliveries older than the dedup window. Returns when the alarm should fire next (or null).
   */
  maintain(now: number): { nextAlarmAt: number | null; rereleased: string[] } {
    return this.changing(() => this.maintainNow(now));
  }

  private maintainNow(now: number): { nextAlarmAt: number | null; rereleased: string[] } {
    const rereleased: string[] = [];
    this.releaseHeld(now);
    for (const row of this.eventsInState("inflight")) {
      if (row.released === 1 && row.lease_until !== null && row.lease_until <= now) {
        this.sql.exec("UPDATE events SET released = 0, claim_until = NULL WHERE event_id = ?", row.event_id);
        this.appendTimeline(row.event_id, now, "rereleased", { reason: "write message presumed lost" });
        rereleased.push(row.event_id);
      }
    }
    if (this.has("deliveries")) this.sql.exec("DELETE FROM deliveries WHERE received_at < ?", now - DEDUP_RETENTION_MS);
    // A waiter never woken (this entity never written) retries on its own safety delay: its row
    // is not kept forever.
    if (this.has("waiters")) this.sql.exec("DELETE FROM waiters WHERE added_at < ?", now - DEDUP_RETENTION_MS);
    // Finished events keep their payload for replays: the tenant's payloadDays (default 8), dead
    // ones deadPayloadDays (default 30).
    const retention = this.retention();
    const leaving = `state NOT IN ('pending', 'inflight') AND unshipped IS NULL AND NOT ${UNSENT_DUPLICATES}
      AND created_at < CASE WHEN state = 'dead' THEN ? ELSE ? END`;
    const leavingAt = [now - retention.deadPayloadMs, now - retention.payloadMs];
    // A row leaving before its delivery's dedup window ends (a retention shorter than the window)
    // leaves its delivery id behind, so a late redelivery is still recognised.
    const early = `${leaving} AND delivery_id IS NOT NULL AND created_at >= ?`;
    if (this.sql.exec(`SELECT 1 FROM events WHERE ${early} LIMIT 1`, ...leavingAt, now - DEDUP_RETENTION_MS).toArray().length > 0) {
      this.create("deliveries");
      this.sql.exec(
        `INSERT OR IGNORE INTO deliveries (delivery_id, event_id, received_at) SELECT delivery_id, event_id, created_at FROM events WHERE ${early}`,
        ...leavingAt,
        now - DEDUP_RETENTION_MS,
      );
    }
    // The settled rows about to go carry the applied version: it is kept as a fact first.
    const leavingVersion = this.sql
      .exec<{ v: number | null }>(
        `SELECT MAX(version) AS v FROM events WHERE state IN ('delivered', 'ignored', 'dead') AND unshipped IS NULL
         AND created_at < CASE WHEN state = 'dead' THEN ? ELSE ? END`,
        now - retention.deadPayloadMs,
        now - retention.payloadMs,
      )
      .one().v;
    const kept = this.fact("applied_version");
    if (leavingVersion !== null && (kept === null || Number(kept) < leavingVersion)) this.setFact("applied_version", String(leavingVersion));
    this.sql.exec(`DELETE FROM events WHERE ${leaving}`, ...leavingAt);
    if (retention.personalDataMs !== null) {
      const due = this.sql
        .exec<EventRow>(
          "SELECT * FROM events WHERE state NOT IN ('pending', 'inflight') AND redacted_at IS NULL AND created_at < ?",
          now - retention.personalDataMs,
        )
        .toArray();
      for (const row of due) this.redact(row, now);
    }
    return { nextAlarmAt: this.nextWakeUp(now), rereleased };
  }

  /**
   * Erasure of a person (POST /v1/tenants/{t}/erasures): every finished payload is redacted now;
   * one still being written to Odoo is redacted when its write finishes (the write needs it).
   * Later deliveries are new data and are kept.
   */
  erase(now: number): ErasureResult {
    return this.changing(() => {
      const emails = new Set<string>();
      let payloads = 0;
      let pending = 0;
      for (const row of this.sql.exec<EventRow>("SELECT * FROM events").toArray()) {
        for (const email of personalEmails(JSON.parse(row.payload) as CanonicalEvent)) emails.add(email);
        if (row.state === "pending" || row.state === "inflight") pending++;
        else if (row.redacted_at === null) {
          this.redact(row, now);
          payloads++;
        }
      }
      this.setFact("erased_before", String(now));
      return { payloads, pending, emails: [...emails] };
    });
  }

  /** The earliest moment something needs the object awake, or null if nothing does. */
  nextWakeUp(now: number): number | null {
    const times: number[] = [];
    const retention = this.retention();
    // One statement: the alarm is re-armed after every change.
    const due = this.sql
      .exec<{ unsent: number; lease: number | null; oldest: number | null; expiry: number | null; unredacted: number | null }>(
        `SELECT
           EXISTS (SELECT 1 FROM events WHERE unshipped IS NOT NULL OR ${UNSENT_DUPLICATES} OR (state = 'inflight' AND released = 0)) AS unsent,
           (SELECT MIN(lease_until) FROM events WHERE state = 'inflight' AND released = 1) AS lease,
           ${this.has("deliveries") ? "(SELECT MIN(received_at) FROM deliveries)" : "NULL"} AS oldest,
           (SELECT MIN(created_at + CASE WHEN state = 'dead' THEN ? ELSE ? END) FROM events WHERE state NOT IN ('pending', 'inflight')) AS expiry,
           (SELECT MIN(created_at) FROM events WHERE state NOT IN ('pending', 'inflight') AND redacted_at IS NULL) AS unredacted`,
        retention.deadPayloadMs,
        retention.payloadMs,
      )
      .one();
    // Unsent work is flushed right away by the object; the alarm is the safety net if that fails.
    if (due.unsent) times.push(now + 30_000);
    if (due.lease !== null) times.push(due.lease);
    const held = this.fact("held_until");
    if (held !== null) times.push(Number(held));
    if (due.oldest !== null) times.push(due.oldest + DEDUP_RETENTION_MS + 60_000);
    if (due.expiry !== null) times.push(due.expiry + 60_000);
    if (retention.personalDataMs !== null && due.unredacted !== null) times.push(due.unredacted + retention.personalDataMs + 60_000);
    return times.length ? Math.max(now, Math.min(...times)) : null;
  }

  // --- internals -----------------------------------------------------------------------------

  private recordRedelivery(input: IngestInput, originalId: string, now: number): void {
    // The redelivery gets its own audit record (status "duplicate") and the original's timeline
    // notes it, so an operator finds it from either side. The record is kept on the original's
    // row, written with its note (see DuplicateRecord).
    const identity: EventIdentity = { ...input.identity, duplicateOf: originalId };
    const original = this.event(originalId);
    if (original) {
      const records = this.duplicatesOf(original);
      records.push({
        identity,
        reason: `redelivery of ${originalId}`,
        statusSeq: 3,
        entries: [
          { seq: 1, at: identity.receivedAt, step: "received", detail: { deliveryId: input.deliveryId } },
          { seq: 2, at: identity.receivedAt, step: "verified", detail: null },
          { seq: 3, at: now, step: "deduplicated", detail: { duplicateOf: originalId } },
        ],
      });
      this.duplicateChanges.set(originalId, records);
      this.appendTimeline(originalId, now, "redelivered", { deliveryId: input.deliveryId, recordedAs: input.eventId });
      return;
    }
    // The original's row is gone (its delivery id outlived it, see maintain): a row of its own.
    this.insertEvent({ ...input, identity }, null, now, "duplicate", "duplicate", `redelivery of ${originalId}`);
    this.appendTimeline(input.eventId, identity.receivedAt, "received", { deliveryId: input.deliveryId });
    this.appendTimeline(input.eventId, identity.receivedAt, "verified", null);
    this.appendTimeline(input.eventId, now, "deduplicated", { duplicateOf: originalId }, "duplicate");
  }

  /** A row's duplicate records, as the current call left them. */
  private duplicatesOf(row: EventRow): DuplicateRecord[] {
    return this.duplicateChanges.get(row.event_id) ?? (row.duplicates ? (JSON.parse(row.duplicates) as DuplicateRecord[]) : []);
  }

  /** The row holding the duplicate record `eventId`, and that record. */
  private duplicateNamed(eventId: string): { row: EventRow; record: DuplicateRecord } | null {
    const rows = this.sql
      .exec<EventRow>("SELECT * FROM events WHERE instr(COALESCE(duplicates, ''), ?) > 0", JSON.stringify(eventId))
      .toArray();
    for (const row of rows) {
      const record = this.duplicatesOf(row).find((r) => r.identity.id === eventId);
      if (record) return { row, record };
    }
    return null;
  }

  /** `deliveryId`: the delivery a redelivery of which is this event's duplicate (null for none). */
  private insertEvent(
    input: IngestInput,
    deliveryId: string | null,
    now: number,
    state: string,
    status: EventStatus,
    reason: string | null,
    fields: WriteFields | null = null,
  ): void {
    // Written by writeTimeline with the status and entries this call gives it: one row write.
    // Nothing reads a new event back in the call that makes it.
    this.inserts.set(input.eventId, {
      event_id: input.eventId,
      version: input.event.version,
      state,
      status,
      identity: JSON.stringify(input.identity),
      payload: JSON.stringify(input.event),
      reason,
      created_at: now,
      fields: fields ? JSON.stringify(fields) : null,
      delivery_id: deliveryId,
    });
  }

  /** What a stored write carries (a row without `fields` is a plain full snapshot). */
  private writeFields(row: EventRow): WriteFields {
    return row.fields ? (JSON.parse(row.fields) as WriteFields) : { base: row.version, fields: {} };
  }

  /** What the entity applied, then every write applied or about to be, for ordering a partial change. */
  private knownWrites(): WriteFields[] {
    const applied: WriteFields = { base: this.appliedBaseVersion(), fields: this.appliedFields() };
    const open = this.sql.exec<EventRow>("SELECT * FROM events WHERE state IN ('pending', 'inflight')").toArray();
    return [applied, ...open.map((row) => this.writeFields(row))];
  }

  /**
   * Remembers the snapshot version and the field versions a settled write applied. An entity that
   * never saw a partial change writes nothing here (its settled rows tell the version).
   */
  private recordAppliedFields(row: EventRow): void {
    if (row.fields === null && this.fact("applied_base_version") === null) return;
    const carried = this.writeFields(row);
    const previous = this.appliedBaseVersion();
    const base = carried.base === null ? previous : Math.max(carried.base, previous ?? carried.base);
    const fields = this.appliedFields();
    for (const [field, stamp] of Object.entries(carried.fields)) {
      if (!fields[field] || stamp.version >= fields[field].version) fields[field] = stamp;
    }
    this.setFact("applied_base_version", base === null ? "none" : String(base));
    this.setFact("applied_fields", JSON.stringify(withoutOlderThan(fields, base)));
  }

  /**
   * The newest full snapshot applied; "none" when only partial changes were. Before an entity's
   * first partial change there is no such fact: everything it applied was a snapshot.
   */
  private appliedBaseVersion(): number | null {
    const value = this.fact("applied_base_version");
    if (value === null) return this.appliedVersion();
    return value === "none" ? null : Number(value);
  }

  private appliedFields(): Record<string, FieldStamp> {
    const value = this.fact("applied_fields");
    return value ? (JSON.parse(value) as Record<string, FieldStamp>) : {};
  }

  /**
   * `set`: the outcome's columns (odoo, error). They, and the timeline entries buffered for the
   * event so far (append them first), are written with the finish: one row write.
   */
  private finish(
    eventId: string,
    state: string,
    status: EventStatus,
    reason: string | null,
    now = Date.now(),
    set: { odoo?: string; error?: string | null } = {},
  ): void {
    const columns: [string, SqlStorageValue][] = Object.entries(set).map(([c, v]) => [c, v ?? null]);
    const buffered = this.timeline.get(eventId);
    const timeline = buffered ? this.withTimeline(eventId, buffered.entries) : null;
    if (timeline) {
      this.timeline.delete(eventId);
      columns.push(["status_seq", timeline.statusSeq], ["unshipped", timeline.unshipped]);
    }
    this.sql.exec(
      `UPDATE events SET state = ?, status = ?, reason = COALESCE(?, reason), claim_until = NULL, lease_until = NULL,
       settled_at = ?, wake_pending = 0${columns.map(([c]) => `, ${c} = ?`).join("")} WHERE event_id = ?`,
      state,
      status,
      reason,
      now,
      ...columns.map(([, v]) => v),
      eventId,
    );
    // An erasure asked while this write was in flight: its payload goes now that Odoo has it.
    const erasedBefore = this.fact("erased_before");
    const row = erasedBefore === null ? undefined : this.event(eventId);
    if (row && row.created_at <= Number(erasedBefore)) this.redact(row, Date.now());
  }

  /**
   * Replaces the row's payload by its redacted copy and drops the person's hash from its identity.
   * The field values partial changes left (the row's, and those the entity applied) go too: only
   * their versions are kept, which still order later changes.
   */
  private redact(row: EventRow, now: number): void {
    const { personHash: _hash, ...identity } = JSON.parse(row.identity) as EventIdentity;
    const carried = row.fields ? (JSON.parse(row.fields) as WriteFields) : null;
    const duplicates = this.duplicatesOf(row).map(({ identity: { personHash: _h, ...rest }, ...record }) => ({ ...record, identity: rest }));
    this.duplicateChanges.delete(row.event_id);
    this.sql.exec(
      "UPDATE events SET payload = ?, identity = ?, redacted_at = ?, fields = ?, duplicates = ? WHERE event_id = ?",
      JSON.stringify(redactPersonalData(JSON.parse(row.payload) as CanonicalEvent)),
      JSON.stringify(identity),
      now,
      carried ? JSON.stringify({ ...carried, fields: withoutValues(carried.fields) }) : null,
      duplicates.length ? JSON.stringify(duplicates) : null,
      row.event_id,
    );
    const applied = this.appliedFields();
    if (Object.values(applied).some((stamp) => "value" in stamp)) this.setFact("applied_fields", JSON.stringify(withoutValues(applied)));
  }

  private retention(): RetentionMs {
    const raw = this.fact("retention");
    return raw ? (JSON.parse(raw) as RetentionMs) : retentionMs(null);
  }

  /** Kept as a fact so the alarm needs no lookup; written only when the tenant changed it. */
  private rememberRetention(retention: Retention): void {
    const value = JSON.stringify(retentionMs(retention));
    // An entity without the fact has the defaults: a tenant that never changed them writes nothing.
    if ((this.fact("retention") ?? JSON.stringify(retentionMs(null))) !== value) this.setFact("retention", value);
  }

  /**
   * Adds a timeline entry (and the event's new public status, if it changes). Entries are
   * buffered and written by `writeTimeline` at the end of the public method: one outbox row and
   * one status update per event, whatever the number of entries.
   */
  private appendTimeline(
    eventId: string,
    at: number,
    step: string,
    detail: Record<string, unknown> | null,
    status?: EventStatus,
  ): void {
    let buffered = this.timeline.get(eventId);
    if (!buffered) this.timeline.set(eventId, (buffered = { entries: [], status: null }));
    buffered.entries.push({ at, step, detail });
    if (status) buffered.status = status;
  }

  /**
   * Writes the buffered timeline: entries numbered after the event's last seq (per event), added
   * to the event's unshipped entries with its new status, in one row write per event. A new event
   * is inserted here with all of it.
   */
  private writeTimeline(): void {
    for (const [eventId, row] of this.inserts) {
      const buffered = this.timeline.get(eventId);
      this.timeline.delete(eventId);
      const entries = (buffered?.entries ?? []).map((e, i) => ({ seq: 1 + i, ...e }));
      this.sql.exec(
        `INSERT INTO events (event_id, version, state, status, status_seq, identity, payload, reason, created_at, fields, unshipped, delivery_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        row.event_id,
        row.version,
        row.state,
        buffered?.status ?? row.status,
        entries.length,
        row.identity,
        row.payload,
        row.reason,
        row.created_at,
        row.fields,
        entries.length ? JSON.stringify(entries) : null,
        row.delivery_id,
      );
    }
    this.inserts.clear();
    for (const [eventId, { entries, status }] of this.timeline) {
      const timeline = this.withTimeline(eventId, entries);
      if (!timeline) continue;
      const duplicates = this.duplicateChanges.get(eventId);
      this.duplicateChanges.delete(eventId);
      this.sql.exec(
        `UPDATE events SET status = COALESCE(?, status), status_seq = ?, unshipped = ?${duplicates ? ", duplicates = ?" : ""} WHERE event_id = ?`,
        status,
        timeline.statusSeq,
        timeline.unshipped,
        ...(duplicates ? [JSON.stringify(duplicates)] : []),
        eventId,
      );
    }
    this.timeline.clear();
    for (const [eventId, duplicates] of this.duplicateChanges) {
      this.sql.exec("UPDATE events SET duplicates = ? WHERE event_id = ?", JSON.stringify(duplicates), eventId);
    }
    this.duplicateChanges.clear();
  }

  /** An event's status_seq and unshipped entries with `entries` added (numbered on), or null if it is gone. */
  private withTimeline(eventId: string, entries: Omit<TimelineEntry, "seq">[]): { statusSeq: number; unshipped: string } | null {
    const row = this.sql
      .exec<{ status_seq: number; unshipped: string | null }>("SELECT status_seq, unshipped FROM events WHERE event_id = ?", eventId)
      .toArray()[0];
    if (!row) return null;
    const numbered = entries.map((e, i) => ({ seq: row.status_seq + 1 + i, ...e }));
    const unshipped = [...(row.unshipped ? (JSON.parse(row.unshipped) as TimelineEntry[]) : []), ...numbered];
    return { statusSeq: row.status_seq + entries.length, unshipped: JSON.stringify(unshipped) };
  }

  /** Every public method that changes state runs through here, so its timeline is written with it. */
  private changing<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.writeTimeline();
    }
  }

  /** The event a delivery was received as, if this entity has seen it within the dedup window. */
  private deliverySeen(deliveryId: string): string | null {
    const own = this.sql.exec<{ event_id: string }>("SELECT event_id FROM events WHERE delivery_id = ? LIMIT 1", deliveryId).toArray()[0];
    if (own) return own.event_id;
    if (!this.has("deliveries")) return null;
    return this.sql.exec<{ event_id: string }>("SELECT event_id FROM deliveries WHERE delivery_id = ?", deliveryId).toArray()[0]?.event_id ?? null;
  }

  /** Whether this object has `table` (a new object creates it on first use, see store-schema.ts). */
  private has(table: TableOnFirstUse): boolean {
    this.tables ??= new Set(
      this.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().map((row) => row.name),
    );
    return this.tables.has(table);
  }

  private create(table: TableOnFirstUse): void {
    if (this.has(table)) return;
    this.sql.exec(TABLES_ON_FIRST_USE[table]);
    this.tables!.add(table);
  }

  private event(eventId: string): EventRow | undefined {
    return this.sql.exec<EventRow>("SELECT * FROM events WHERE event_id = ?", eventId).toArray()[0];
  }

  private eventsInState(state: "pending" | "inflight"): EventRow[] {
    return this.sql.exec<EventRow>("SELECT * FROM events WHERE state = ? ORDER BY version DESC", state).toArray();
  }

  private fact(name: string): string | null {
    if (!this.has("facts")) return null;
    return this.sql.exec<{ value: string }>("SELECT value FROM facts WHERE name = ?", name).toArray()[0]?.value ?? null;
  }

  private setFact(name: string, value: string): void {
    this.create("facts");
    this.sql.exec(
      "INSERT INTO facts (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      name,
      value,
    );
  }

  private hasOpenWrite(): boolean {
    return this.sql.exec("SELECT 1 FROM events WHERE state IN ('pending', 'inflight') LIMIT 1").toArray().length > 0;
  }

  /** The write that settled last (delivered, ignored or dead). */
  private lastSettled(): EventRow | undefined {
    return this.sql
      .exec<EventRow>(
        "SELECT * FROM events WHERE state IN ('delivered', 'ignored', 'dead') AND settled_at IS NOT NULL ORDER BY settled_at DESC LIMIT 1",
      )
      .toArray()[0];
  }

  /**
   * Takes the waiters off the table, as notices for the object to send. A row an older version
   * registered as needing this entity `free` (its write no longer claimed; such waits are now in
   * the record locks) is woken whatever the outcome: it only waited for this write to end.
   */
  private noticeWaiters(notice: { action: "wake" } | { action: "dead"; error: EventError }): void {
    if (!this.has("waiters")) return;
    const rows = this.sql
      .exec<{ entity: string; event_id: string; region: string | null; needs: string }>("DELETE FROM waiters RETURNING entity, event_id, region, needs")
      .toArray();
    for (const row of rows) {
      this.notices.push({ entity: row.entity, eventId: row.event_id, region: row.region, ...(row.needs === "written" ? notice : { action: "wake" }) });
    }
  }

  /**
   * The newest version a settled write (delivered, ignored or dead) applied: read from the settled
   * rows themselves, so a completion writes no extra row; the `applied_version` fact keeps it for
   * the rows the retention deletes (see maintain).
   */
  private appliedVersion(): number | null {
    const value = this.fact("applied_version");
    const settled = this.sql
      .exec<{ v: number | null }>("SELECT MAX(version) AS v FROM events WHERE state IN ('delivered', 'ignored', 'dead')")
      .one().v;
    if (value === null) return settled;
    return settled === null ? Number(value) : Math.max(Number(value), settled);
  }

  /** The newest version this entity has applied or is about to apply. */
  private newestKnownVersion(): number | null {
    const open = this.sql
      .exec<{ v: number | null }>("SELECT MAX(version) AS v FROM events WHERE state IN ('pending', 'inflight')")
      .one().v;
    const applied = this.appliedVersion();
    if (open === null) return applied;
    return applied === null ? open : Math.max(open, applied);
  }
}

export interface AuditBudget {
  messageBytes: number;
  batchBytes: number;
}
const UNBOUNDED: AuditBudget = { messageBytes: Infinity, batchBytes: Infinity };
/** JSON around a row's entries and an identity in a message: a generous estimate. */
const ROW_OVERHEAD_BYTES = 16;
const MESSAGE_OVERHEAD_BYTES = 1_000;
/** Odoo's error messages (a validation error can list many records) are kept to this length. */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;

/** The error a waiter of a dead write dies with: it names the dependency and quotes its error. */
function deadDependencyError(row: EventRow): EventError {
  const identity = JSON.parse(row.identity) as EventIdentity;
  const cause = row.error ? (JSON.parse(row.error) as EventError).message : (row.reason ?? "no error recorded");
  return clipError({ category: "business", name: null, message: `dependency ${identity.kind} ${identity.externalId} is dead: ${cause}` });
}

function clipError(error: EventError): EventError {
  return error.message.length > MAX_ERROR_MESSAGE_LENGTH ? { ...error, message: `${error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}...` } : error;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** Versions that are epoch milliseconds (most providers' updated_at) read better as dates. */
function describeVersion(version: number): string {
  return version > 1e11 && version < 1e14 ? new Date(version).toISOString() : String(version);
}

/** A duplicate record's state in its audit message: what its own row used to say. */
function duplicateState(record: DuplicateRecord): EventState {
  return { status: "duplicate", statusSeq: record.statusSeq, attempts: 0, reason: record.reason, odoo: null, error: null };
}

/** The key of a duplicate record in pendingAudit's `shipped` (its row's id, then its own). */
const duplicateKey = (rowId: string, duplicateId: string) => `${rowId}\u0000${duplicateId}`;
const rowOfKey = (key: string) => key.split("\u0000")[0]!;

function stateOf(row: EventRow): EventState {
  return {
    status: row.status as EventStatus,
    statusSeq: row.status_seq,
    attempts: row.attempts,
    reason: row.reason,
    odoo: row.odoo ? (JSON.parse(row.odoo) as OdooRef) : null,
    error: row.error ? (JSON.parse(row.error) as EventError) : null,
  };
}
