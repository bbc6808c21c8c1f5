import { describe, expect, it } from "vitest";
import { busyRetrySeconds } from "../../src/delivery/backoff";

describe("a write whose entity is held by another write", () => {
  it("comes back within a second or two at first, whatever the holder's lease", () => {
    expect(busyRetrySeconds(60, 1)).toBe(1);
    expect(busyRetrySeconds(300, 2)).toBe(2);
  });

  it("then less often, so a crashed holder's lease does not use up the queue's retries", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => busyRetrySeconds(3_600, n))).toEqual([1, 2, 4, 8, 16, 32, 64, 64]);
  });

  it("never later than the lease itself, and never sooner than a second", () => {
    expect(busyRetrySeconds(3, 6)).toBe(3);
    expect(busyRetrySeconds(0, 1)).toBe(1);
  });
});
