import { expect, it } from "vitest";
import { assessOdoo } from "../../src/http/health";
import type { GateHealth } from "../../src/tenant/gate-store";

const closed: GateHealth = {
  state: "closed",
  reason: null,
  openedAt: null,
  nextProbeAt: null,
  inFlight: 0,
  window: { calls: 0, failures: 0, writes: 0, failedWrites: 0 },
  lastError: null,
  lastSuccessAt: null,
  lastCheck: null,
};

it("a gate with no successful write and no successful check is degraded, not ok; one success of either makes it ok", () => {
  expect(assessOdoo(closed)).toEqual({ status: "degraded", reason: expect.stringMatching(/^the router has not reached this Odoo yet/) });
  expect(assessOdoo({ ...closed, lastError: "fetch failed" })).toEqual({ status: "degraded", reason: "the router has never reached this Odoo: fetch failed" });
  expect(assessOdoo({ ...closed, lastCheck: { at: "2026-12-07T10:00:00.000Z", ok: true, error: null } })).toEqual({ status: "ok", reason: null });
  expect(assessOdoo({ ...closed, lastSuccessAt: "2026-12-07T10:00:00.000Z", window: { calls: 3, failures: 0, writes: 1, failedWrites: 0 } })).toEqual({ status: "ok", reason: null });
  // A later success than the failed check: Odoo answers again.
  expect(
    assessOdoo({
      ...closed,
      lastSuccessAt: "2026-12-07T11:00:00.000Z",
      lastCheck: { at: "2026-12-07T10:00:00.000Z", ok: false, error: "Access Denied" },
      window: { calls: 2, failures: 0, writes: 1, failedWrites: 0 },
    }).status,
  ).toBe("ok");
  // An open breaker stays "paused", whatever else is known.
  expect(assessOdoo({ ...closed, state: "open", reason: "5 of the last 5 calls failed" })).toEqual({ status: "paused", reason: "5 of the last 5 calls failed" });
});
