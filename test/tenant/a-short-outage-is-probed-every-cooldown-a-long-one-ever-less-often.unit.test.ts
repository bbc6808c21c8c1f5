import { describe, expect, it } from "vitest";
import { nextCooldownMs, YOUNG_OUTAGE_COOLDOWNS } from "../../src/tenant/gate-store";

const settings = { breaker: { failureRate: 0.5, window: 20, minSamples: 10, cooldownSeconds: 15, maxCooldownSeconds: 300 } };
const openedAt = 1_000_000;
const after = (seconds: number, cooldownMs: number) => nextCooldownMs({ opened_at: openedAt, cooldown_ms: cooldownMs }, settings, openedAt + seconds * 1000);

describe("the cooldown after a failed probe", () => {
  it("stays the first cooldown while the outage is young: a short outage ends for the router within one cooldown", () => {
    expect(YOUNG_OUTAGE_COOLDOWNS).toBe(4);
    // Probes at 15, 30 and 45 s fail: the next comes 15 s later each time (doubling would say 30, 60, 120).
    expect([15, 30, 45].map((s) => after(s, 15_000))).toEqual([15_000, 15_000, 15_000]);
  });

  it("then doubles up to the maximum, so an Odoo that stays down is probed ever less often", () => {
    expect(after(60, 15_000)).toBe(30_000);
    expect(after(90, 30_000)).toBe(60_000);
    expect(after(3_600, 240_000)).toBe(300_000);
    expect(after(7_200, 300_000)).toBe(300_000);
  });
});
