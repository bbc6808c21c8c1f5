import { describe, expect, it } from "vitest";
import { delayWhenRefused, PAUSES_FOLLOWING_THE_BREAKER, verdictForUnclaimed } from "../../src/delivery/write-decision";

const policy = { baseSeconds: 2, maxDelaySeconds: 3600 };

describe("a write that did not start", () => {
  it("a refused permit waits for a free slot, or for the breaker's next probe", () => {
    expect(delayWhenRefused({ retryInSeconds: 2, paused: false }, 50, policy)).toBe(2);
    expect(delayWhenRefused({ retryInSeconds: 15, paused: true }, 1, policy)).toBe(15);
    // A short outage: the first pauses follow the breaker (never sooner than the backoff base).
    expect(delayWhenRefused({ retryInSeconds: 1, paused: true }, 6, policy)).toBe(2);
    expect(delayWhenRefused({ retryInSeconds: 1, paused: true }, PAUSES_FOLLOWING_THE_BREAKER, policy)).toBe(2);
  });

  it("a message paused many times backs off, so a long outage does not use up the queue's retries", () => {
    const pauses = [1, 2, 3, 4, 5].map((n) => delayWhenRefused({ retryInSeconds: 1, paused: true }, PAUSES_FOLLOWING_THE_BREAKER + n, policy));
    expect(pauses).toEqual([2, 4, 8, 16, 32]);
    expect(delayWhenRefused({ retryInSeconds: 15, paused: true }, 100, policy)).toBe(policy.maxDelaySeconds);
  });

  it("a finished write is acked; one another consumer holds comes back shortly, never acked", () => {
    expect(verdictForUnclaimed({ status: "gone" }, 1)).toEqual({ ack: true });
    expect(verdictForUnclaimed({ status: "busy", retryInSeconds: 0 }, 1)).toEqual({ ack: false, delaySeconds: 1 });
    // A holder's 30 s lease is not waited out: back soon, then less often (backoff.ts busyRetrySeconds).
    expect(verdictForUnclaimed({ status: "busy", retryInSeconds: 30 }, 1)).toEqual({ ack: false, delaySeconds: 1 });
    expect(verdictForUnclaimed({ status: "busy", retryInSeconds: 30 }, 4)).toEqual({ ack: false, delaySeconds: 8 });
  });
});
