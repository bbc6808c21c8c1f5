import { describe, expect, it } from "vitest";
import type { OdooClient } from "../../src/odoo/client";
import { OdooError } from "../../src/odoo/errors";
import { nextAttemptDelayMs, RetryingClient, safeToRepeat } from "../../src/odoo/retrying-client";

const http = (status: number, retryAfter: number | null = null) =>
  new OdooError("retryable", `Odoo answered HTTP ${status}`, null, retryAfter, status);
const unreachable = () => new OdooError("retryable", "Odoo unreachable: Network connection lost.");
const named = (name: string, category: "retryable" | "business" = "retryable") => new OdooError(category, "failed", name, null, 200);

describe("which failed calls may be sent again within the delivery", () => {
  it("a read, whatever the transient failure", () => {
    for (const method of ["search", "search_read", "read", "fields_get", "search_count"]) {
      for (const err of [unreachable(), http(502), http(504), http(500)]) expect(safeToRepeat(method, err)).toBe(true);
    }
  });

  it("a write Odoo refused before running it, or rolled back", () => {
    expect(safeToRepeat("create", http(429, 1))).toBe(true);
    expect(safeToRepeat("create", http(503))).toBe(true);
    expect(safeToRepeat("create", named("psycopg2.errors.SerializationFailure"))).toBe(true);
    expect(safeToRepeat("write", named("odoo.exceptions.ConcurrencyError"))).toBe(true);
    expect(safeToRepeat("action_post", named("odoo.exceptions.LockError"))).toBe(true);
  });

  it("never a write whose answer was lost after sending: Odoo may have committed it", () => {
    for (const err of [unreachable(), http(502), http(504), http(500)]) {
      expect(safeToRepeat("create", err)).toBe(false);
      expect(safeToRepeat("action_create_payments", err)).toBe(false);
    }
    const notJson = new OdooError("retryable", "Odoo answered a body that is not JSON", null, null, 200);
    expect(safeToRepeat("create", notJson)).toBe(false);
  });

  it("never a failure that is not transient", () => {
    expect(safeToRepeat("search", named("odoo.exceptions.ValidationError", "business"))).toBe(false);
    expect(safeToRepeat("search", new OdooError("auth", "Access Denied", "odoo.exceptions.AccessDenied"))).toBe(false);
    expect(safeToRepeat("search", new Error("a bug"))).toBe(false);
  });
});

describe("the wait before the next attempt", () => {
  const policy = { attempts: 3, budgetMs: 2000, firstDelayMs: 200 };

  it("doubles with jitter down to half, and stops after the attempts", () => {
    expect(nextAttemptDelayMs(1, 0, null, policy, () => 0)).toBe(100);
    expect(nextAttemptDelayMs(1, 0, null, policy, () => 1)).toBe(200);
    expect(nextAttemptDelayMs(2, 300, null, policy, () => 1)).toBe(400);
    expect(nextAttemptDelayMs(3, 700, null, policy, () => 1)).toBeNull();
  });

  it("honours a short Retry-After, and leaves a long one to the queue", () => {
    expect(nextAttemptDelayMs(1, 0, 1, policy, () => 0)).toBe(1000);
    expect(nextAttemptDelayMs(1, 0, 5, policy, () => 0)).toBeNull();
    expect(nextAttemptDelayMs(2, 1500, 1, policy, () => 0)).toBeNull();
  });
});

/** An Odoo client whose calls fail with the given errors, then answer `ok`. */
function failingThen(errors: Error[]): OdooClient & { sent: string[] } {
  const client = {
    calls: 0,
    sent: [] as string[],
    async call<T>(model: string, method: string): Promise<T> {
      client.calls++;
      client.sent.push(`${model}.${method}`);
      const err = errors.shift();
      if (err) throw err;
      return "ok" as T;
    },
    probe: async () => ({ uid: 2, serverVersion: "19.0" }),
    serverVersion: async () => "19.0",
  };
  return client;
}

describe("the retrying client", () => {
  const noWait = { sleep: async () => {}, random: () => 0 };

  it("retries a read until it answers, counting every attempt and every failure", async () => {
    const inner = failingThen([http(503), unreachable()]);
    const client = new RetryingClient(inner, { mayRetry: async () => true, ...noWait });
    expect(await client.call("res.partner", "search", [[]])).toBe("ok");
    expect(inner.sent).toEqual(["res.partner.search", "res.partner.search", "res.partner.search"]);
    expect(client.calls).toBe(3);
    expect(client.failedCalls).toBe(2);
    expect(client.retriedCalls).toBe(2);
  });

  it("gives up after three attempts with the last error", async () => {
    const last = http(503);
    const client = new RetryingClient(failingThen([http(503), http(503), last, http(503)]), { mayRetry: async () => true, ...noWait });
    await expect(client.call("res.partner", "search", [[]])).rejects.toBe(last);
    expect(client.calls).toBe(3);
    expect(client.failedCalls).toBe(3);
  });

  it("does not send a create again after its answer was lost", async () => {
    const inner = failingThen([http(504)]);
    const client = new RetryingClient(inner, { mayRetry: async () => true, ...noWait });
    await expect(client.call("sale.order", "create", [{}])).rejects.toMatchObject({ status: 504 });
    expect(inner.sent).toEqual(["sale.order.create"]);
    expect(client.retriedCalls).toBe(0);
    expect(client.failedCalls).toBe(1);
  });

  it("does not retry when the breaker says stop, or cannot be asked", async () => {
    for (const mayRetry of [async () => false, async () => Promise.reject(new Error("gate unreachable"))]) {
      const inner = failingThen([http(503)]);
      const client = new RetryingClient(inner, { mayRetry, ...noWait });
      await expect(client.call("res.partner", "search", [[]])).rejects.toMatchObject({ status: 503 });
      expect(inner.sent).toHaveLength(1);
    }
  });

  it("waits the jittered delay, at least Retry-After", async () => {
    const waits: number[] = [];
    const client = new RetryingClient(failingThen([http(429, 1), http(503)]), {
      mayRetry: async () => true,
      sleep: async (ms) => void waits.push(ms),
      random: () => 1,
      now: () => 0,
    });
    expect(await client.call("sale.order", "create", [{}])).toBe("ok");
    expect(waits).toEqual([1000, 400]);
  });
});
