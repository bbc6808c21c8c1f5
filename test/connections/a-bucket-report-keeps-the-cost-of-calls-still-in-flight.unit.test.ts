import { expect, it } from "vitest";
import { RateGateState } from "../../src/connections/rate-gate";

// Found by `npm run bench -- --outbound-only` (a burst of stock writes got THROTTLED by the
// Shopify fake's cost bucket): an answer's `throttleStatus` was taken as the whole truth, though
// it was measured before the calls granted since then reached the provider.
it("a bucket reported by one answer still counts the cost of the calls granted and not yet answered", () => {
  const gate = new RateGateState({ costBucket: { size: 100, restorePerSecond: 10 } }, 0);
  const first = gate.acquire(30, 0);
  const second = gate.acquire(30, 0);
  const third = gate.acquire(30, 0);
  expect([first, second, third].every((a) => "permit" in a)).toBe(true);

  // The first answer reports the bucket as the provider saw it then: only its own 30 spent.
  gate.release((first as { permit: string }).permit, 200, { bucket: { size: 100, available: 70, restorePerSecond: 10 } }, 0);

  // 70 reported, 60 still in flight: 10 left, so a call of 30 waits (2 s at 10 points/s).
  expect(gate.acquire(30, 0)).toEqual({ waitMs: 2000 });
});
