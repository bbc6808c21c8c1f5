import { expect, it } from "vitest";
import { PERMIT_LEASE_MS, RateGateState } from "../../src/connections/rate-gate";

it("a permit is a lease: a caller that never releases its slot loses it when the lease ends", () => {
  const gate = new RateGateState({ concurrent: 1 }, 0);
  const held = gate.acquire(1, 0);
  expect(held).toHaveProperty("permit");
  // The slot is taken: others are told to wait a little and ask again.
  expect(gate.acquire(1, 1_000)).toEqual({ waitMs: expect.any(Number) });
  // The holder died without releasing: after the lease the slot is free again.
  expect(gate.acquire(1, PERMIT_LEASE_MS + 1)).toHaveProperty("permit");
});

it("a cost bucket waits for the points a call needs, and follows the bucket the provider reports", () => {
  const gate = new RateGateState({ costBucket: { size: 100, restorePerSecond: 50 } }, 0);
  const first = gate.acquire(80, 0) as { permit: string };
  expect(first).toHaveProperty("permit");
  // 20 left: a call of 60 waits for 40 points at 50/s = 800 ms.
  expect(gate.acquire(60, 0)).toEqual({ waitMs: 800 });
  // Answered without figures (a call still in flight would still count against a reported bucket).
  gate.release(first.permit, 200, null, 0);
  const permit = (gate.acquire(10, 0) as { permit: string }).permit;
  // The provider says its bucket is empty (another app on the same shop spent it).
  gate.release(permit, 200, { bucket: { available: 0, size: 100, restorePerSecond: 50 } }, 0);
  expect(gate.acquire(50, 0)).toEqual({ waitMs: 1000 });
});
