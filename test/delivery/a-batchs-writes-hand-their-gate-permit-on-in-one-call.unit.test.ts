/**
 * The writes of one tenant in one queue batch share the gate's permits (src/delivery/batch-permits.ts):
 * at most the cap of them ask the gate at once, and a write that ends while another waits gives
 * its permit back and takes the next in one call. Two gate calls per write become one for all but
 * the first `maxConcurrency`; the cap and the breaker are the gate's as before: every outcome
 * reaches it when its write ends, and a breaker that opens sends every waiting write to the queue.
 */
import { expect, it } from "vitest";
import { BatchPermits, type GatePort } from "../../src/delivery/batch-permits";
import { deliverySettingsSchema } from "../../src/tenant/delivery-settings";
import type { Outcome, Permit } from "../../src/tenant/gate-store";

const settings = deliverySettingsSchema.parse({ maxConcurrency: 2 });

/** A gate with a cap and a breaker that opens on the first failed outcome; it counts its calls. */
function fakeGate() {
  let inFlight = 0;
  let open = false;
  let next = 0;
  const seen = { calls: 0, maxInFlight: 0, outcomes: [] as (Outcome | null)[] };
  const take = (): Permit => {
    if (open) return { ok: false, retryInSeconds: 30, reason: "Odoo paused: test", paused: true };
    if (inFlight >= settings.maxConcurrency) return { ok: false, retryInSeconds: 2, reason: "cap", paused: false };
    inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
    return { ok: true, token: `p${next++}`, probe: false };
  };
  const give = (outcome: Outcome | null) => {
    inFlight--;
    seen.outcomes.push(outcome);
    if (outcome === "retryable") open = true;
  };
  const gate: GatePort = {
    acquire: async () => (seen.calls++, take()),
    release: async (_token, outcome) => (seen.calls++, give(outcome)),
    releaseAndAcquire: async (_token, outcome) => (seen.calls++, give(outcome), take()),
  };
  return { gate, seen };
}

async function write(permits: BatchPermits, outcome: Outcome): Promise<Permit> {
  const permit = await permits.acquire();
  if (!permit.ok) return permit;
  await new Promise((r) => setTimeout(r, 5)); // the Odoo calls
  await permits.release(permit.token, outcome, null, { made: 3, failed: outcome === "ok" ? 0 : 1 });
  return permit;
}

it("six writes at a cap of two make eight gate calls instead of twelve, never more than two at once, every outcome judged", async () => {
  const { gate, seen } = fakeGate();
  const permits = new BatchPermits(gate, settings, 3_000);
  const permitsGot = await Promise.all(Array.from({ length: 6 }, () => write(permits, "ok")));
  expect(permitsGot.every((p) => p.ok)).toBe(true);
  expect(seen.calls).toBe(8);
  expect(permits.gateCalls).toBe(8);
  expect(seen.maxInFlight).toBe(2);
  expect(seen.outcomes).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
});

it("a failure that opens the breaker sends every waiting write back with the gate's refusal, without more gate calls", async () => {
  const { gate, seen } = fakeGate();
  const permits = new BatchPermits(gate, settings, 3_000);
  const results = await Promise.all([write(permits, "retryable"), write(permits, "ok"), write(permits, "ok"), write(permits, "ok"), write(permits, "ok")]);
  expect(results.filter((p) => p.ok)).toHaveLength(2);
  expect(results.filter((p) => !p.ok)).toEqual(Array(3).fill(expect.objectContaining({ ok: false, paused: true })));
  // 2 acquires, the failure's release-and-acquire (refused), the other's release-and-acquire or release.
  expect(seen.calls).toBe(4);
  expect(seen.outcomes).toEqual(["retryable", "ok"]);
});

it("a write that waited its time in the batch asks the gate itself", async () => {
  const { gate, seen } = fakeGate();
  const permits = new BatchPermits(gate, settings, 20);
  const slow = async () => {
    const permit = await permits.acquire();
    if (!permit.ok) return permit;
    await new Promise((r) => setTimeout(r, 100));
    await permits.release(permit.token, "ok", null, { made: 1, failed: 0 });
    return permit;
  };
  const results = await Promise.all([slow(), slow(), permits.acquire()]);
  // The third asked the gate after 20 ms and found the cap reached (the gate's line is its to wait in).
  expect(results[2]).toMatchObject({ ok: false, paused: false });
  expect(seen.calls).toBe(5);
});
