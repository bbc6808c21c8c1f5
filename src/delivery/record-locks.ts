/**
 * The RecordLocks port (src/odoo/writers/context.ts) of one write, on its source's lock object
 * (record-lock-object.ts): a hold is one call, its release one more, whatever the number of keys.
 */
import type { Env } from "../env";
import { DependencyBusyError } from "../odoo/errors";
import type { RecordKey, RecordLocks } from "../odoo/writers/context";
import { recordLockNamespace, type Region } from "../tenant/region";
import { keyName, type HoldResult, type LockWaitAnswer, type LockWaiter } from "./record-lock-store";

/** The lock object of a tenant's source (tenant and source ids are slugs: no "/"). */
export const recordLockName = (tenantId: string, sourceId: string) => `${tenantId}/${sourceId}`;

export const recordLockObject = (env: Env, region: Region | undefined, tenantId: string, sourceId: string) =>
  recordLockNamespace(env, region).getByName(recordLockName(tenantId, sourceId));

/**
 * The locks of one write: `holder` is its event id, so a next attempt of the same write (after a
 * crash mid-hold) takes its keys back at once instead of waiting out the lease.
 */
export class LeasedRecordLocks implements RecordLocks {
  private readonly held = new Set<string>();
  /** Calls made to the lock object (holds and releases), reported in the write's detail. */
  roundTrips = 0;

  constructor(
    private readonly lockObject: () => ReturnType<typeof recordLockObject>,
    private readonly holder: string,
  ) {}

  holds(key: RecordKey): boolean {
    return this.held.has(keyName(key));
  }

  async hold<T>(keys: readonly RecordKey[], fn: () => Promise<T>): Promise<T> {
    const fresh = new Map<string, RecordKey>();
    for (const key of keys) if (!this.held.has(keyName(key))) fresh.set(keyName(key), { kind: key.kind, externalId: key.externalId });
    if (fresh.size === 0) return fn();
    const taking = [...fresh.values()];
    const answer = await this.call(async (lock): Promise<HoldResult> => (await lock.hold(this.holder, taking)) as HoldResult);
    if (answer.status === "busy") throw new DependencyBusyError(answer.key.kind, answer.key.externalId, answer.retryInSeconds);
    for (const name of fresh.keys()) this.held.add(name);
    try {
      return await fn();
    } finally {
      for (const name of fresh.keys()) this.held.delete(name);
      await this.release(this.held.size === 0 ? null : taking);
    }
  }

  /**
   * A release that fails even through a fresh stub does not fail the write (what it wrote to Odoo
   * stands): its keys' lease ends it, and the write's next attempt would take them back.
   */
  private async release(keys: RecordKey[] | null): Promise<void> {
    try {
      await this.call((lock) => lock.release(this.holder, keys));
    } catch (err) {
      console.error({ msg: "record lock release failed", holder: this.holder, err: String(err) });
    }
  }

  /** One call, made again once through a fresh stub (after an object reset the old one stays broken). */
  private async call<T>(fn: (lock: ReturnType<typeof recordLockObject>) => Promise<T>): Promise<T> {
    this.roundTrips++;
    try {
      return await fn(this.lockObject());
    } catch (err) {
      if ((err as { overloaded?: boolean }).overloaded) throw err;
      this.roundTrips++;
      return fn(this.lockObject());
    }
  }
}

/**
 * A write that found `key` held waits for it in the lock object, which wakes it when the key is
 * given back. Null when the lock object cannot be reached: the write then backs off.
 */
export async function waitForRecord(
  env: Env,
  region: Region | undefined,
  identity: { tenantId: string; sourceId: string },
  key: RecordKey,
  waiter: LockWaiter,
): Promise<LockWaitAnswer | null> {
  try {
    const lock = recordLockObject(env, region, identity.tenantId, identity.sourceId);
    return (await lock.addWaiter({ kind: key.kind, externalId: key.externalId }, waiter)) as LockWaitAnswer;
  } catch (err) {
    console.error({ msg: "lock waiter registration failed", eventId: waiter.eventId, err: String(err) });
    return null;
  }
}
