/**
 * The Durable Object of one entity (tenant + source + kind + external id). A thin RPC surface over
 * EntityStore: each method changes SQLite synchronously (durable before the caller hears back),
 * then ships what it produced (the released write, timeline entries) to the queues off the
 * caller's path. The alarm is the safety net that re-sends anything a failed send left behind.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { EventError } from "../audit/audit-message";
import {
  EntityStore,
  type ClaimResult,
  type ErasureResult,
  type IngestInput,
  type IngestResult,
  type WaitAnswer,
  type Waiter,
  type WaiterNotice,
  type WriteOutcome,
} from "./entity-store";
import { migrateEntityStore } from "./store-schema";
import { entityName } from "./entity-name";
import { personalEmails, personHash } from "../events/personal-data";
import type { EventIdentity } from "../audit/audit-message";
import type { WriteMessage } from "../delivery/write-message";
import { entityNamespace, type Region } from "../tenant/region";

const entityNameOf = (identity: EventIdentity) =>
  entityName(identity.tenantId, identity.sourceId, identity.kind ?? "", identity.externalId ?? "");

/** The write message of a released event; it carries the tenant's region when it has one. */
const writeMessage = (eventId: string, identity: EventIdentity, wake: number): WriteMessage => ({
  type: "write",
  tenantId: identity.tenantId,
  entity: entityNameOf(identity),
  eventId,
  ...(identity.region ? { region: identity.region } : {}),
  ...(wake > 0 ? { wake } : {}),
});

/** Events whose timeline entries are shipped per queue batch (sendBatch takes <= 100 messages and <= 256 KB). */
const AUDIT_BATCH = 50;
/**
 * How long a freshly queued write's timeline waits to be shipped with its outcome (one audit
 * message per event when the write takes less than this; see EntityStore.pendingAudit).
 */
const AUDIT_HOLD_MS = 2_000;
/** Bytes per audit message (a queue message is at most 128 KB) and per batch, with a margin for metadata. */
const AUDIT_BUDGET = { messageBytes: 100_000, batchBytes: 200_000 };

export class EntityObject extends DurableObject<Env> {
  private readonly store: EntityStore;
  private flushing: Promise<void> | null = null;
  /** The alarm time this instance last set: setAlarm is a billed row write, skipped when unchanged. */
  private alarmAt: number | null | undefined = undefined;
  private flushAgain = false;
  /** When the flush for timelines held back (AUDIT_HOLD_MS) is due, if one is planned. */
  private heldFlushAt: number | null = null;
  /**
   * Write messages this instance sent whose rows are not marked released yet (event id -> the wake
   * number the message carried). Marking every row after its send is one more billed row write per
   * event, and the claim that follows within moments marks it anyway (the message arrived). A row
   * whose timeline is marked shipped in the same round takes the mark along (same row write); one
   * still unclaimed when the alarm fires is marked then (persistReleases). An instance that never
   * knew (a restart between the send and the claim) sends it again: claim answers the duplicate
   * message busy or gone, so the write still runs once.
   */
  private readonly sent = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new EntityStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrateEntityStore(ctx.storage.sql));
  }

  /** Ingest path: dedupe, order, store. Resolves once the event is durably stored. */
  async ingest(input: IngestInput): Promise<IngestResult> {
    // The audit row keeps a hash of the person's email, so an erasure can find this entity.
    const [email] = personalEmails(input.event);
    if (email) input = { ...input, identity: { ...input.identity, personHash: await personHash(input.identity.tenantId, email) } };
    const result = this.store.ingest(input, Date.now());
    await this.afterChange();
    return result;
  }

  /** Replay path: the stored event again, as a new event (dedup bypassed, ordering enforced). */
  async replay(originalId: string, replayEventId: string, jobId: string) {
    const result = this.store.replay(originalId, replayEventId, jobId, Date.now());
    await this.afterChange();
    return result;
  }

  /** Consumer path: take the in-flight write (one consumer at a time). */
  async claim(eventId: string, claimant: string | null = null, wake = 0): Promise<ClaimResult> {
    const result = this.store.claim(eventId, Date.now(), claimant, wake);
    if (result.status === "ready" && this.sent.get(eventId) === wake) this.sent.delete(eventId);
    await this.afterChange();
    return result;
  }

  /** Erasure of the person this entity holds data of (see EntityStore.erase). */
  async erase(): Promise<ErasureResult> {
    const result = this.store.erase(Date.now());
    await this.afterChange();
    return result;
  }

  /** Another entity's write waits for this one (see EntityStore.addWaiter). */
  async addWaiter(waiter: Waiter, needs: "written", since: number): Promise<WaitAnswer> {
    return this.store.addWaiter(waiter, needs, since, Date.now());
  }

  /** The entity this write waited for is ready: the write goes to the queue again now. */
  async wake(eventId: string): Promise<boolean> {
    const ok = this.store.wake(eventId, Date.now());
    await this.afterChange();
    return ok;
  }

  /** The entity this write waited for is dead: so is the write (see EntityStore). */
  async releaseForDeadDependency(eventId: string, error: EventError): Promise<boolean> {
    const ok = this.store.releaseForDeadDependency(eventId, error, Date.now());
    await this.afterChange();
    return ok;
  }

  /** The tenant's Odoo is paused: the write waits on the queue, its lease is stretched to match. */
  async defer(eventId: string, seconds: number): Promise<void> {
    this.store.defer(eventId, seconds, Date.now());
    await this.afterChange();
  }

  async recordRetry(eventId: string, error: EventError, retryInSeconds: number, waitingFor: string | null = null): Promise<boolean> {
    const ok = this.store.recordRetry(eventId, error, retryInSeconds, Date.now(), waitingFor);
    await this.afterChange();
    return ok;
  }

  async complete(eventId: string, outcome: WriteOutcome): Promise<boolean> {
    const ok = this.store.complete(eventId, outcome, Date.now());
    await this.afterChange();
    return ok;
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null; // the alarm that fired is gone
    // Writes sent but not claimed since: their lease starts now (see `sent`).
    this.persistReleases();
    const { nextAlarmAt } = this.store.maintain(Date.now());
    await this.scheduleAlarm(nextAlarmAt);
    // A throw here makes the runtime retry the alarm, which is what an unsent outbox needs.
    await this.flush();
    // What this flush sent again (a lost message, a restart) is marked at once: this is the slow path.
    this.persistReleases();
    await this.scheduleAlarm(this.store.nextWakeUp(Date.now()));
  }

  /** Marks the rows of the write messages this instance sent (see `sent`). */
  private persistReleases(): void {
    if (this.sent.size === 0) return;
    this.store.markReleased(new Map(this.sent), Date.now());
    this.sent.clear();
  }

  /** Arms the safety-net alarm and ships the new work without holding up the caller. */
  private async afterChange(): Promise<void> {
    await this.scheduleAlarm(this.store.nextWakeUp(Date.now()));
    this.ctx.waitUntil(this.flush().catch((err) => console.error({ msg: "entity flush failed", err: String(err) })));
    this.sendNotices();
  }

  /**
   * Tells waiting writes (in their own objects) that this entity is ready or dead, off the
   * caller's path. A notice that cannot be delivered is not kept: the waiting write's safety
   * delay brings it back, and registering again tells it what happened meanwhile.
   */
  private sendNotices(): void {
    const notices = this.store.takeNotices();
    if (notices.length === 0) return;
    this.ctx.waitUntil(
      Promise.all(
        notices.map((notice) =>
          this.sendNotice(notice).catch((err) =>
            console.error({ msg: "waiter notice failed", entity: notice.entity, eventId: notice.eventId, err: String(err) }),
          ),
        ),
      ),
    );
  }

  private async sendNotice(notice: WaiterNotice): Promise<void> {
    const waiter = entityNamespace(this.env, (notice.region ?? undefined) as Region | undefined).getByName(notice.entity);
    if (notice.action === "wake") await waiter.wake(notice.eventId);
    else await waiter.releaseForDeadDependency(notice.eventId, notice.error);
  }

  /**
   * Keeps the single alarm at `at`. An earlier alarm already set is kept too: waking up early
   * only runs the housekeeping, which then re-arms for what is really due.
   */
  private async scheduleAlarm(at: number | null): Promise<void> {
    // A new instance asks what is set (a read) rather than setting it again (a billed row write).
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (at === null) {
      if (this.alarmAt !== null) await this.ctx.storage.deleteAlarm();
      this.alarmAt = null;
      return;
    }
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    await this.ctx.storage.setAlarm(at);
    this.alarmAt = at;
  }

  /** One flush at a time; a change made during a flush triggers one more round. */
  private flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.flushAgain = false;
          await this.shipOnce();
        } while (this.flushAgain);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** Ships held timelines when their hold ends (if the object is gone by then, its alarm does). */
  private flushHeldAt(at: number): void {
    if (this.heldFlushAt !== null && this.heldFlushAt <= at) return;
    this.heldFlushAt = at;
    const delay = Math.max(0, at - Date.now()) + 10;
    this.ctx.waitUntil(
      new Promise<void>((resolve) => setTimeout(resolve, delay)).then(async () => {
        if (this.heldFlushAt === at) this.heldFlushAt = null;
        await this.flush().catch((err) => console.error({ msg: "entity flush failed", err: String(err) }));
      }),
    );
  }

  private async shipOnce(): Promise<void> {
    for (;;) {
      const writes = this.store.unreleased().filter((w) => this.sent.get(w.eventId) !== w.wake);
      const audit = this.store.pendingAudit(AUDIT_BATCH, AUDIT_BUDGET, { holdQueuedMs: AUDIT_HOLD_MS, now: Date.now() });
      if (audit.heldUntil !== null) this.flushHeldAt(audit.heldUntil);
      if (writes.length === 0 && audit.messages.length === 0) return;
      await Promise.all([
        writes.length
          ? this.env.ODOO_WRITES.sendBatch(
              writes.map((w) => ({ body: writeMessage(w.eventId, w.identity, w.wake) })),
            )
          : null,
        audit.messages.length ? this.env.AUDIT_LOG.sendBatch(audit.messages.map((body) => ({ body }))) : null,
      ]);
      const now = Date.now();
      for (const w of writes) this.sent.set(w.eventId, w.wake);
      // Rows written now for their timeline take their release mark along (see `sent`).
      const released = new Map<string, number>();
      for (const eventId of audit.shipped.keys()) {
        const wake = this.sent.get(eventId);
        if (wake === undefined) continue;
        released.set(eventId, wake);
        this.sent.delete(eventId);
      }
      this.store.markShipped(released, audit.shipped, now);
      await this.scheduleAlarm(this.store.nextWakeUp(now));
    }
  }
}
