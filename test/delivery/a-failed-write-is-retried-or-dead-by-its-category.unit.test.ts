import { describe, expect, it } from "vitest";
import { DependencyBusyError, OdooError } from "../../src/odoo/errors";
import { classifyFailure, decideAfterFailure, delayWhenRefused, verdictForUnclaimed } from "../../src/delivery/write-decision";

const policy = { baseSeconds: 2, maxDelaySeconds: 3600, maxAttempts: 5, windowSeconds: 3600 };
const failure = (category: string, retryAfterSeconds: number | null = null) => ({ category, name: null, message: "boom", retryAfterSeconds });

describe("classifying a failed write", () => {
  it("keeps Odoo's category and exception name, and tells the breaker what it says about Odoo", () => {
    const err = new OdooError("business", "Invalid email", "odoo.exceptions.ValidationError");
    expect(classifyFailure(err)).toEqual({
      failure: { category: "business", name: "odoo.exceptions.ValidationError", message: "Invalid email", retryAfterSeconds: null },
      outcome: "business",
    });
    expect(classifyFailure(new OdooError("retryable", "503", null, 7, 503))).toMatchObject({ failure: { retryAfterSeconds: 7 }, outcome: "retryable" });
    expect(classifyFailure(new OdooError("auth", "Access Denied")).outcome).toBe("auth");
  });

  it("waiting for another entity says nothing about Odoo; an unexpected error is transient", () => {
    expect(classifyFailure(new DependencyBusyError("customer 1", 5))).toMatchObject({ failure: { category: "retryable" }, outcome: null });
    expect(classifyFailure(new TypeError("x is undefined"))).toEqual({
      failure: { category: "retryable", name: null, message: "x is undefined", retryAfterSeconds: null },
      outcome: "retryable",
    });
  });
});

describe("deciding after a failed write", () => {
  it("a business or not-found failure is dead at once, with its error", () => {
    expect(decideAfterFailure(failure("business"), 1, 0, policy)).toEqual({ kind: "dead", error: { category: "business", name: null, message: "boom" } });
    expect(decideAfterFailure(failure("not_found"), 1, 0, policy).kind).toBe("dead");
  });

  it("a transient failure backs off, starting small and growing, at least Odoo's Retry-After", () => {
    expect(decideAfterFailure(failure("retryable"), 1, 0, policy, () => 1)).toEqual({
      kind: "retry",
      error: { category: "retryable", name: null, message: "boom" },
      delaySeconds: 2,
    });
    expect(decideAfterFailure(failure("retryable"), 3, 0, policy, () => 1)).toMatchObject({ delaySeconds: 8 });
    expect(decideAfterFailure(failure("auth", 30), 1, 0, policy, () => 1)).toMatchObject({ kind: "retry", delaySeconds: 30 });
  });

  it("a transient failure is dead once its attempts or its window are used up, saying so", () => {
    const byAttempts = decideAfterFailure(failure("retryable"), 5, 10, policy);
    expect(byAttempts).toMatchObject({ kind: "dead", error: { category: "retryable" } });
    expect(byAttempts.error.message).toBe("gave up after 5 attempts over 0 h: boom");
    expect(decideAfterFailure(failure("retryable"), 2, 3600, policy).kind).toBe("dead");
  });
});

describe("a write that did not start", () => {
  it("a refused permit waits for a free slot, or for the breaker and longer as queue attempts grow", () => {
    expect(delayWhenRefused({ retryInSeconds: 2, paused: false }, 50, policy)).toBe(2);
    expect(delayWhenRefused({ retryInSeconds: 15, paused: true }, 1, policy)).toBe(15);
    expect(delayWhenRefused({ retryInSeconds: 15, paused: true }, 6, policy)).toBe(64);
  });

  it("a finished write is acked; one another consumer holds comes back shortly, never acked", () => {
    expect(verdictForUnclaimed({ status: "gone" })).toEqual({ ack: true });
    expect(verdictForUnclaimed({ status: "busy", retryInSeconds: 0 })).toEqual({ ack: false, delaySeconds: 1 });
    expect(verdictForUnclaimed({ status: "busy", retryInSeconds: 30 })).toEqual({ ack: false, delaySeconds: 30 });
  });
});
