/**
 * The rate gate of one provider connection, as plain state (the connection object holds one):
 * calls per window, calls in flight and a cost bucket from the provider's documented `limits`,
 * tightened by what its answers say (a 429's Retry-After, a throttled answer, the bucket the
 * provider reports). `acquire` grants a permit or says how long to wait; it never sleeps itself.
 *
 * A permit is a lease: a caller that dies without releasing it frees its slot when the lease
 * ends, so a crashed Worker cannot starve the connection.
 */
import type { RateLimits, RateSignal } from "../providers/provider-api";

/** Longer than a call may take (the session's timeout is 20 s), so a live call keeps its slot. */
export const PERMIT_LEASE_MS = 30_000;
/** A 429 without Retry-After: wait this long (QuickBooks documents 60 s; most say nothing). */
export const DEFAULT_THROTTLE_SECONDS = 30;
/** Added to a calls-per-window limit: the provider's clock and ours are not the same clock. */
const WINDOW_MARGIN_MS = 100;
/** How often a caller waiting for a concurrency slot asks again (releases are not pushed to it). */
const CONCURRENCY_POLL_MS = 100;

export type Admission = { permit: string } | { waitMs: number };

export class RateGateState {
  private readonly leases = new Map<string, number>();
  /**
   * The calls inside the current window: when each started, moved to when it ended once released.
   * The provider counts a call when it arrives, somewhere in between: counting it until its end
   * (plus a margin for clocks) keeps the gate on the safe side of the provider's window.
   */
  private starts: { permit: string; at: number }[] = [];
  private bucket: { available: number; size: number; restorePerSecond: number; at: number } | null;
  /** What each call in flight took from the bucket: an answer's bucket does not count them yet. */
  private charges = new Map<string, number>();
  private blockedUntil = 0;
  private nextId = 0;

  constructor(
    readonly limits: RateLimits,
    now: number,
  ) {
    const bucket = limits.costBucket;
    this.bucket = bucket ? { available: bucket.size, size: bucket.size, restorePerSecond: bucket.restorePerSecond, at: now } : null;
  }

  acquire(cost: number, now: number): Admission {
    for (const [id, until] of this.leases) {
      if (until <= now) {
        this.leases.delete(id);
        this.charges.delete(id);
      }
    }
    let wait = Math.max(0, this.blockedUntil - now);

    const calls = this.limits.calls;
    if (calls) {
      const windowMs = calls.perSeconds * 1000 + WINDOW_MARGIN_MS;
      this.starts = this.starts.filter((call) => call.at > now - windowMs).sort((a, b) => a.at - b.at);
      if (this.starts.length >= calls.count) wait = Math.max(wait, this.starts[this.starts.length - calls.count]!.at + windowMs - now);
    }
    const concurrent = this.limits.concurrent;
    if (concurrent !== undefined && this.leases.size >= concurrent) {
      wait = Math.max(wait, Math.min(CONCURRENCY_POLL_MS, Math.min(...this.leases.values()) - now));
    }
    const bucket = this.refilled(now);
    // A call dearer than the whole bucket waits for a full one (the provider caps it there too).
    const charge = bucket ? Math.min(cost, bucket.size) : 0;
    if (bucket && bucket.available < charge) {
      wait = Math.max(wait, Math.ceil(((charge - bucket.available) / bucket.restorePerSecond) * 1000));
    }
    if (wait > 0) return { waitMs: Math.ceil(wait) };

    const permit = `p${++this.nextId}`;
    this.leases.set(permit, now + PERMIT_LEASE_MS);
    if (calls) this.starts.push({ permit, at: now });
    if (bucket) {
      bucket.available -= charge;
      this.charges.set(permit, charge);
    }
    return { permit };
  }

  /** The call is over; what its answer said about the provider's rate state tightens the gate. */
  release(permit: string, status: number | null, signal: RateSignal | null, now: number): void {
    this.leases.delete(permit);
    this.charges.delete(permit);
    const call = this.starts.find((c) => c.permit === permit);
    if (call) call.at = Math.max(call.at, now);
    const retryAfter = signal?.retryAfterSeconds ?? (status === 429 ? DEFAULT_THROTTLE_SECONDS : undefined);
    if (retryAfter !== undefined) this.blockedUntil = Math.max(this.blockedUntil, now + retryAfter * 1000);
    // The provider measured its bucket when it answered this call: the calls granted since (still
    // in flight) are not in it yet. Taking its figure alone let a burst overdraw the bucket.
    if (signal?.bucket) {
      let inFlight = 0;
      for (const charge of this.charges.values()) inFlight += charge;
      this.bucket = { ...signal.bucket, available: signal.bucket.available - inFlight, at: now };
    }
  }

  /** Calls in flight now (leases not yet released nor expired). */
  inFlight(now: number): number {
    return [...this.leases.values()].filter((until) => until > now).length;
  }

  private refilled(now: number) {
    const bucket = this.bucket;
    if (!bucket) return null;
    bucket.available = Math.min(bucket.size, bucket.available + ((now - bucket.at) / 1000) * bucket.restorePerSecond);
    bucket.at = now;
    return bucket;
  }
}
