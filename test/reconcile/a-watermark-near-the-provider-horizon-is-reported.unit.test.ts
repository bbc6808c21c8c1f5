import { describe, expect, it } from "vitest";
import { horizonWarning, windowOf } from "../../src/reconcile/start";

const DAY = 86_400_000;
const now = Date.parse("2026-12-07T12:00:00Z");
const stripeLike = { changeHorizonDays: 30, changeOverlapSeconds: 60 };

describe("the provider's change horizon (30 days for Stripe events and QuickBooks CDC)", () => {
  it("is reported once the watermark is 80 % of the way to it, before anything is lost", () => {
    expect(horizonWarning(stripeLike, now, now - 23 * DAY)).toBeNull();
    expect(horizonWarning(stripeLike, now, now - 25 * DAY)).toMatch(/25\.0 days old.*last 30 days.*within 5\.0 days/);
  });

  it("past it, the window starts at the horizon and the warning says changes may be lost", () => {
    const window = windowOf(stripeLike, now, null, now - 40 * DAY, 24);
    expect(window.since).toBe(now - 30 * DAY);
    expect(window.warning).toMatch(/beyond the provider's 30-day change window.*may be lost/);
  });

  it("a provider without a horizon never warns; the window resumes at the watermark minus the overlap", () => {
    const window = windowOf({ changeHorizonDays: null, changeOverlapSeconds: 300 }, now, null, now - 90 * DAY, 24);
    expect(window).toEqual({ since: now - 90 * DAY - 300_000, warning: null });
    expect(windowOf({ changeOverlapSeconds: 300 }, now, null, null, 24).since).toBe(now - 24 * 3600_000);
  });
});
