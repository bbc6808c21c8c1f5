/**
 * One Durable Object per tenant guarding its Odoo: the concurrency cap and the circuit breaker
 * (GateStore). The write consumer asks for a permit before claiming a write and reports the
 * outcome after; while the breaker is open, writes wait on the queue and ingest still acks.
 *
 * A write that finds the cap reached may wait here a little for a slot (`waitMs`), in line: a
 * slot frees within a write's time (tens of milliseconds against a healthy Odoo), while going back
 * to the queue costs seconds of retry delay. The line is short on purpose (a few writes per slot)
 * and the wait bounded: a long backlog goes back to the queue instead of holding consumer
 * invocations that also carry other tenants' writes. Waiters live in memory only: if the object
 * restarts, their calls fail and the consumer retries the messages (nothing is lost).
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { DeliverySettings } from "./delivery-settings";
import { GateStore, migrateGateStore, type GateHealth, type Outcome, type Permit } from "./gate-store";

/** At most this many writes wait in line per slot of the cap; more go back to the queue. */
const WAITERS_PER_SLOT = 4;

interface Waiter {
  settings: DeliverySettings;
  resolve: (permit: Permit) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class OdooGate extends DurableObject<Env> {
  private readonly store: GateStore;
  private readonly line: Waiter[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new GateStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrateGateStore(ctx.storage.sql));
  }

  /** `waitMs`: how long a write refused only by the cap may wait in line for a slot (0: not at all). */
  async acquire(settings: DeliverySettings, waitMs = 0): Promise<Permit> {
    this.serveLine(); // a slot a silent holder's lease gave back, not yet handed on
    // Nobody overtakes the line: a newcomer while others wait joins it.
    const permit = this.line.length ? null : this.store.acquire(settings, Date.now());
    if (permit && (permit.ok || permit.paused)) return permit;
    if (waitMs <= 0 || this.line.length >= settings.maxConcurrency * WAITERS_PER_SLOT) {
      return permit ?? this.store.acquire(settings, Date.now());
    }
    return new Promise<Permit>((resolve) => {
      const waiter: Waiter = {
        settings,
        resolve,
        timer: setTimeout(() => {
          const at = this.line.indexOf(waiter);
          if (at >= 0) this.line.splice(at, 1);
          resolve(this.store.acquire(settings, Date.now()));
        }, waitMs),
      };
      this.line.push(waiter);
    });
  }

  async release(
    token: string,
    outcome: Outcome | null,
    error: string | null,
    settings: DeliverySettings,
    calls = 1,
    failedCalls = 0,
  ): Promise<void> {
    this.store.release(token, outcome, error, settings, Date.now(), calls, failedCalls);
    this.serveLine();
  }

  /**
   * `release`, then an `acquire` without waiting, in one call: a consumer whose batch holds more
   * writes of this tenant hands the slot on (delivery/batch-permits.ts) without another round
   * trip. The outcome is judged first, so the breaker it opens refuses the next write; writes
   * already in the line are served first (the next one is refused as busy, and waits in line).
   */
  async releaseAndAcquire(
    token: string,
    outcome: Outcome | null,
    error: string | null,
    settings: DeliverySettings,
    calls = 1,
    failedCalls = 0,
  ): Promise<Permit> {
    await this.release(token, outcome, error, settings, calls, failedCalls);
    return this.acquire(settings);
  }

  /** Whether a write holding a permit may retry a failed call now (the breaker is closed). */
  async allowsRetry(): Promise<boolean> {
    return this.store.allowsRetry();
  }

  async recordCheck(error: string | null): Promise<void> {
    this.store.recordCheck(error, Date.now());
  }

  async health(): Promise<GateHealth> {
    return this.store.health();
  }

  /**
   * Hands freed slots to the line in order. A refusal other than the cap (the breaker opened on
   * the outcome just released) is answered to every waiter at once: they back off on the queue.
   */
  private serveLine(): void {
    while (this.line.length) {
      const waiter = this.line[0]!;
      const permit = this.store.acquire(waiter.settings, Date.now());
      if (!permit.ok && !permit.paused) return;
      this.line.shift();
      clearTimeout(waiter.timer);
      waiter.resolve(permit);
    }
  }
}
