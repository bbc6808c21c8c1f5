/**
 * Rate gates for unit tests of provider API clients (`createApiSession({gate})`): one that lets
 * every call through (to show what the provider answers an unpaced client), and one that keeps a
 * cost bucket the way the connection object does: starting from the client's documented `limits`,
 * then following what each answer reports (`signal.bucket`, `retryAfterSeconds`), waiting in real
 * time for room.
 */
import type { RateGate } from "../../src/connections/api-session";
import type { RateLimits, RateSignal } from "../../src/providers/provider-api";

export interface RecordingGate extends RateGate {
  /** Every (status, signal) a permit was released with, in order. */
  readonly released: { status: number | null; signal: RateSignal | null }[];
  /** The costs asked for, in order. */
  readonly costs: number[];
}

export function openGate(): RecordingGate {
  const released: RecordingGate["released"] = [];
  const costs: number[] = [];
  return {
    released,
    costs,
    async acquire(cost) {
      costs.push(cost);
      return { release: async (status, signal) => void released.push({ status, signal }) };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function costBucketGate(limits: RateLimits): RecordingGate & { waitedMs: number } {
  const initial = limits.costBucket ?? { size: Number.POSITIVE_INFINITY, restorePerSecond: 1 };
  let bucket = { available: initial.size, size: initial.size, restorePerSecond: initial.restorePerSecond, at: Date.now() };
  let blockedUntil = 0;
  const gate = {
    ...openGate(),
    waitedMs: 0,
    async acquire(cost: number) {
      gate.costs.push(cost);
      for (;;) {
        const now = Date.now();
        bucket.available = Math.min(bucket.size, bucket.available + ((now - bucket.at) / 1000) * bucket.restorePerSecond);
        bucket.at = now;
        const charge = Math.min(cost, bucket.size);
        const wait = Math.max(blockedUntil - now, bucket.available >= charge ? 0 : ((charge - bucket.available) / bucket.restorePerSecond) * 1000);
        if (wait <= 0) {
          bucket.available -= charge;
          break;
        }
        gate.waitedMs += wait;
        await sleep(Math.ceil(wait));
      }
      return {
        release: async (status: number | null, signal: RateSignal | null) => {
          gate.released.push({ status, signal });
          if (signal?.bucket) bucket = { ...signal.bucket, at: Date.now() };
          if (signal?.retryAfterSeconds !== undefined) blockedUntil = Date.now() + signal.retryAfterSeconds * 1000;
        },
      };
    },
  };
  return gate;
}
