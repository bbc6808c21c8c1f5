/**
 * The record locks of one tenant's source (RecordLockStore): a small Durable Object that only
 * locks, so writes no longer create entity objects for records that never receive events (an
 * order's addresses, variants, its shipping product) just to use them as mutexes.
 *
 * One object per (tenant, source), not a sharded set: an order takes all its keys (customer,
 * products, addresses...) in one all-or-nothing call, which sharding would split across objects
 * (a two-phase protocol, more round trips). Its load is one hold and one release per write that
 * creates something, under the tenant's Odoo gate, which already serializes the tenant's writes
 * to a few at a time: far below what one object serves.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { entityNamespace, type Region } from "../tenant/region";
import { migrateRecordLockStore, RecordLockStore, type HoldResult, type LockWaitAnswer, type LockWaiter, type RecordKey } from "./record-lock-store";

export class RecordLockObject extends DurableObject<Env> {
  private readonly store: RecordLockStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RecordLockStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrateRecordLockStore(ctx.storage.sql));
  }

  /** Takes all `keys` for `holder`, or none (busy names the key another write holds). */
  async hold(holder: string, keys: RecordKey[]): Promise<HoldResult> {
    return this.store.hold(holder, keys, Date.now());
  }

  /** Gives `keys` back (all the holder's when null) and wakes the writes that waited for them. */
  async release(holder: string, keys: RecordKey[] | null = null): Promise<void> {
    this.wake(this.store.release(holder, keys));
  }

  /** A write that found `key` held waits for it (see RecordLockStore.addWaiter). */
  async addWaiter(key: RecordKey, waiter: LockWaiter): Promise<LockWaitAnswer> {
    return this.store.addWaiter(key, waiter, Date.now());
  }

  async holderOf(key: RecordKey): Promise<string | null> {
    return this.store.holderOf(key, Date.now());
  }

  /**
   * Sends the waiting writes back to the queue through their entity objects, off the caller's
   * path. A wake-up that is lost costs the waiter only its wait until the lease ends.
   */
  private wake(waiters: LockWaiter[]): void {
    if (waiters.length === 0) return;
    this.ctx.waitUntil(
      Promise.all(
        waiters.map((waiter) =>
          entityNamespace(this.env, (waiter.region ?? undefined) as Region | undefined)
            .getByName(waiter.entity)
            .wake(waiter.eventId)
            .catch((err: unknown) => console.error({ msg: "lock waiter wake-up failed", entity: waiter.entity, eventId: waiter.eventId, err: String(err) })),
        ),
      ),
    );
  }
}
