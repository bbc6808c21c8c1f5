/**
 * The Odoo gate's permits (tenant/odoo-gate.ts) of one tenant's writes in one queue batch. Each
 * write asked the gate for a permit and gave it back: two calls to the gate per write. Here at
 * most the tenant's cap of the batch's writes ask the gate at once; the others wait in the batch
 * (up to the time they would have waited in the gate's line), and a write that ends while one
 * waits gives its permit back and takes the next in ONE call (`releaseAndAcquire`), handed to the
 * waiter: one call per write instead of two, for all but the first `maxConcurrency` of a batch.
 *
 * The gate still decides everything: every outcome reaches it when its write ends (the breaker
 * judges it before the next permit is given), the cap counts the same permits, a probe is the
 * gate's to give. Waiting in the batch instead of the gate's line only changes who is served
 * first among writes waiting at once: the gate's line before this batch's.
 */
import type { DeliverySettings } from "../tenant/delivery-settings";
import type { Outcome, Permit } from "../tenant/gate-store";

/** What the pool needs of the gate (a stub, or a fresh one after a failed call). */
export interface GatePort {
  acquire(settings: DeliverySettings, waitMs: number): Promise<Permit>;
  release(token: string, outcome: Outcome | null, error: string | null, calls: { made: number; failed: number }): Promise<void>;
  /** Null: the next permit could not be asked for (the permit was given back all the same). */
  releaseAndAcquire(token: string, outcome: Outcome | null, error: string | null, calls: { made: number; failed: number }): Promise<Permit | null>;
}

type Waiter = { resolve: (permit: Permit | null) => void; timer: ReturnType<typeof setTimeout> };

export class BatchPermits {
  /** Writes of the batch holding a permit or asking the gate for one. */
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** Calls made to the gate (acquires and releases), for tests and the write's detail. */
  gateCalls = 0;

  constructor(
    private readonly gate: GatePort,
    private readonly settings: DeliverySettings,
    /** How long a write waits for a permit (in the batch, then in the gate's line) before the queue. */
    private readonly waitMs: number,
  ) {}

  async acquire(): Promise<Permit> {
    const since = Date.now();
    if (this.active >= this.settings.maxConcurrency) {
      const handed = await new Promise<Permit | null>((resolve) => {
        const waiter: Waiter = {
          resolve,
          // Waited as long as the gate's line would have let it: it asks the gate itself (and
          // goes back to the queue when refused).
          timer: setTimeout(() => {
            const at = this.waiting.indexOf(waiter);
            if (at >= 0) this.waiting.splice(at, 1);
            resolve(null);
          }, this.waitMs),
        };
        this.waiting.push(waiter);
      });
      if (handed) return handed;
    }
    this.active++;
    this.gateCalls++;
    let permit: Permit;
    try {
      // The wait is one budget: what was spent in the batch is not waited again in the gate's line.
      permit = await this.gate.acquire(this.settings, Math.max(0, this.waitMs - (Date.now() - since)));
    } catch (err) {
      this.ended(true);
      throw err;
    }
    if (!permit.ok) this.ended(true);
    return permit;
  }

  /**
   * Gives the permit back with the write's outcome; takes the next one for a waiting write in the
   * same call. A refusal the waiter cannot wait out (the breaker just opened) is handed on as
   * its own; a busy gate sends it to the gate's line itself.
   */
  async release(token: string, outcome: Outcome | null, error: string | null, calls: { made: number; failed: number }): Promise<void> {
    this.gateCalls++;
    if (this.waiting.length === 0) {
      try {
        return await this.gate.release(token, outcome, error, calls);
      } finally {
        this.ended();
      }
    }
    let next: Permit | null = null;
    try {
      next = await this.gate.releaseAndAcquire(token, outcome, error, calls);
    } finally {
      if (next?.ok) {
        const waiter = this.waiting.shift();
        if (waiter) {
          clearTimeout(waiter.timer);
          waiter.resolve(next); // the slot goes on: still active
        } else {
          // Its waiter left meanwhile (its wait ended): the slot goes back unused.
          this.active--;
          this.gateCalls++;
          await this.gate.release(next.token, null, null, { made: 0, failed: 0 });
        }
      } else if (next?.paused) {
        // The breaker holds the tenant: every waiting write goes back to the queue with it.
        this.active--;
        for (const waiter of this.waiting.splice(0)) {
          clearTimeout(waiter.timer);
          waiter.resolve(next);
        }
      } else {
        this.ended(); // busy (the gate's line goes first) or not asked: a waiter asks itself
      }
    }
  }

  /**
   * A permit given back (a waiting write asks the gate itself) or refused (every waiting write
   * does, at once: one after another, each would wait out its own refusal).
   */
  private ended(refused = false): void {
    this.active--;
    for (const waiter of this.waiting.splice(0, refused ? this.waiting.length : 1)) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
  }
}
