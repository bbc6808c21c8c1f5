import { describe, expect, it } from "vitest";
import { classifyFailure, decideAfterFailure, decideAfterWaiting, WAIT_SAFETY_BASE_MULTIPLE } from "../../src/delivery/write-decision";
import { DependencyBusyError, DependencyWaitError, OdooError } from "../../src/odoo/errors";
import { ProviderApiError } from "../../src/providers/provider-api";

const policy = { baseSeconds: 10, maxDelaySeconds: 7_200, maxAttempts: 200, windowSeconds: 259_200 };
const top = () => 1;

describe("classifying a failed attempt", () => {
  it("keeps Odoo's category and exception name, and reports Odoo's failures to the breaker", () => {
    const { failure, outcome, waitsFor } = classifyFailure(new OdooError("retryable", "server error", "psycopg2.OperationalError", 30));
    expect(failure).toEqual({ category: "retryable", name: "psycopg2.OperationalError", message: "server error", retryAfterSeconds: 30 });
    expect(outcome).toBe("retryable");
    expect(waitsFor).toBeNull();
    expect(classifyFailure(new OdooError("business", "invalid VAT")).outcome).toBe("business");
    expect(classifyFailure(new OdooError("auth", "Access Denied")).outcome).toBe("auth");
  });

  it("says nothing about Odoo's health for a wait or a provider's failure, and names the entity waited for", () => {
    const waiting = classifyFailure(new DependencyWaitError("payment 1 waits for order 2 to be written to Odoo first", null, { kind: "order", externalId: "2", needs: "written" }));
    expect(waiting.outcome).toBeNull();
    expect(waiting.waitsFor).toEqual({ kind: "order", externalId: "2", needs: "written" });
    expect(classifyFailure(new DependencyBusyError("customer", "7", 40)).waitsFor).toEqual({ kind: "customer", externalId: "7", needs: "free" });
    const provider = classifyFailure(new ProviderApiError("data", "no such order", 404));
    expect(provider.outcome).toBeNull();
    expect(provider.failure).toMatchObject({ category: "business", name: "provider_data", permanent: true });
  });

  it("counts an unexpected error as transient", () => {
    expect(classifyFailure(new TypeError("fetch failed"))).toMatchObject({ failure: { category: "retryable", message: "fetch failed" }, outcome: "retryable" });
  });
});

describe("deciding what a failed attempt becomes", () => {
  const transient = { category: "retryable" as const, name: null, message: "HTTP 502", retryAfterSeconds: null };

  it("is dead at once when retrying cannot help", () => {
    expect(decideAfterFailure({ ...transient, category: "business", message: "invalid VAT" }, null, 1, 0, policy, top)).toEqual({
      kind: "dead",
      error: { category: "business", name: null, message: "invalid VAT" },
    });
    expect(decideAfterFailure({ ...transient, category: "not_found" }, null, 1, 0, policy, top).kind).toBe("dead");
    expect(decideAfterFailure({ ...transient, permanent: true }, null, 1, 0, policy, top).kind).toBe("dead");
  });

  it("backs off a transient failure, at least Odoo's Retry-After", () => {
    expect(decideAfterFailure(transient, null, 3, 60, policy, top)).toEqual({ kind: "retry", error: { category: "retryable", name: null, message: "HTTP 502" }, delaySeconds: 40 });
    expect(decideAfterFailure({ ...transient, retryAfterSeconds: 300 }, null, 1, 0, policy, top)).toMatchObject({ kind: "retry", delaySeconds: 300 });
  });

  it("gives up after the attempts or the window, saying so", () => {
    const tooMany = decideAfterFailure(transient, null, 200, 7_200, policy, top);
    expect(tooMany).toEqual({ kind: "dead", error: { category: "retryable", name: null, message: "gave up after 200 attempts over 2 h: HTTP 502" } });
    expect(decideAfterFailure(transient, null, 2, 259_200, policy, top).kind).toBe("dead");
  });

  it("makes a write naming its dependency wait for it, retried on its own only after the safety delay", () => {
    const on = { kind: "order", externalId: "2", needs: "written" as const };
    expect(decideAfterFailure(transient, on, 1, 0, policy, top)).toEqual({
      kind: "wait",
      error: { category: "retryable", name: null, message: "HTTP 502" },
      on,
      delaySeconds: policy.baseSeconds * WAIT_SAFETY_BASE_MULTIPLE,
      backoffSeconds: 10,
    });
    // A backoff already longer than the safety delay is kept; the window still ends a wait.
    expect(decideAfterFailure(transient, on, 12, 0, policy, top)).toMatchObject({ kind: "wait", delaySeconds: 7_200 });
    expect(decideAfterFailure(transient, on, 5, 259_200, policy, top).kind).toBe("dead");
  });
});

describe("the dependency's answer to a waiting write", () => {
  const wait = { error: { category: "retryable" as const, name: null, message: "waits" }, delaySeconds: 300, backoffSeconds: 20 };

  it("waiting keeps the safety delay, ready retries now, dead is dead with the dependency's error", () => {
    expect(decideAfterWaiting({ status: "waiting" }, wait)).toEqual({ kind: "retry", error: wait.error, delaySeconds: 300 });
    expect(decideAfterWaiting({ status: "ready" }, wait)).toEqual({ kind: "retry", error: wait.error, delaySeconds: 0 });
    const error = { category: "business" as const, name: null, message: "dependency order 2 is dead: invalid VAT" };
    expect(decideAfterWaiting({ status: "dead", error }, wait)).toEqual({ kind: "dead", error });
  });

  it("a write waiting out another write's hold comes back when the hold's lease ends at the latest (its holder may have crashed)", () => {
    expect(decideAfterWaiting({ status: "waiting", heldForSeconds: 58 }, wait)).toEqual({ kind: "retry", error: wait.error, delaySeconds: 59 });
    expect(decideAfterWaiting({ status: "waiting", heldForSeconds: 900 }, wait)).toMatchObject({ delaySeconds: 300 });
  });

  it("a registration that failed falls back to the plain backoff", () => {
    expect(decideAfterWaiting(null, wait)).toEqual({ kind: "retry", error: wait.error, delaySeconds: 20 });
  });
});
