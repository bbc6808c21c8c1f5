import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../src/delivery/backoff";
import { readSettings, type Env } from "../../src/env";

const policy = { baseSeconds: 10, maxDelaySeconds: 3600 };

describe("retry backoff", () => {
  it("grows exponentially within the jitter band", () => {
    expect(retryDelaySeconds(1, policy, null, () => 0)).toBe(5);
    expect(retryDelaySeconds(1, policy, null, () => 1)).toBe(10);
    expect(retryDelaySeconds(4, policy, null, () => 1)).toBe(80);
  });

  it("is capped by the policy and by the queue's 12 h limit", () => {
    expect(retryDelaySeconds(30, policy, null, () => 1)).toBe(3600);
    expect(retryDelaySeconds(30, { baseSeconds: 10, maxDelaySeconds: 43_200 }, 100_000, () => 1)).toBe(43_200);
  });

  it("waits at least as long as Odoo's Retry-After", () => {
    expect(retryDelaySeconds(1, policy, 120, () => 0)).toBe(120);
  });
});

describe("default backoff", () => {
  it("starts at 1-2 s and grows to the cap", () => {
    const settings = readSettings({} as Env);
    const defaults = { baseSeconds: settings.retryBaseSeconds, maxDelaySeconds: settings.retryMaxDelaySeconds };
    expect([1, 2, 3].map((n) => retryDelaySeconds(n, defaults, null, () => 0))).toEqual([1, 2, 4]);
    expect([1, 2, 3].map((n) => retryDelaySeconds(n, defaults, null, () => 1))).toEqual([2, 4, 8]);
    expect(retryDelaySeconds(40, defaults, null, () => 1)).toBe(settings.retryMaxDelaySeconds);
  });
});
