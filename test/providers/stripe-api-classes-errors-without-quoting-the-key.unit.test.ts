/**
 * Stripe's answers become the router's error classes, from Stripe's own signals: a refused key is
 * `auth`, a restricted key without the permission `config`, 429 and a 400 `rate_limit` are
 * `transient` with a wait, `Stripe-Should-Retry` overrides the status, a broken answer is `data`.
 * No message ever carries the key.
 */
import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { newStripeKey, stripeFake, stripeSession } from "../support/stripe-api";

const ref = { kind: "customer" as const, externalId: "cus_1", resource: "customer" };
const customer = { id: "cus_1", object: "customer", email: "a@example.com", name: "A" };

async function failure(key: string): Promise<ProviderApiError> {
  try {
    await stripeSession(key).request({ path: `/v1/customers/${ref.externalId}`, what: `Stripe customer ${ref.externalId}` });
  } catch (err) {
    if (err instanceof ProviderApiError) {
      expect(err.message).not.toContain(key);
      expect(err.message).not.toContain(key.slice(-12));
      return err;
    }
    throw err;
  }
  throw new Error("the call did not fail");
}

async function withFault(fault: Record<string, unknown>): Promise<ProviderApiError> {
  const key = newStripeKey();
  await stripeFake(key, "objects", customer);
  await stripeFake(key, "faults", fault);
  return failure(key);
}

describe("Stripe API errors", () => {
  it("a revoked key is an auth error naming the credential, not quoting it", async () => {
    const key = newStripeKey();
    await stripeFake(key, "revoke", {});
    const err = await failure(key);
    expect(err).toMatchObject({ category: "auth", status: 401 });
    expect(err.message).toContain("api.secretKey");
  });

  it("a restricted key without the permission is a config error", async () => {
    const err = await withFault({ status: 403, body: { error: { type: "invalid_request_error", message: "The provided key 'rk_test_****abcd' does not have the required permissions for this endpoint" } } });
    expect(err).toMatchObject({ category: "config", status: 403 });
  });

  it("429 and a 400 rate_limit are transient and wait at least a second", async () => {
    expect(await withFault({ status: 429, body: { error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" } }, headers: { "stripe-should-retry": "true" } })).toMatchObject({ category: "transient", retryAfterSeconds: 1 });
    expect(await withFault({ status: 400, body: { error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" } } })).toMatchObject({ category: "transient", status: 400 });
  });

  it("Stripe-Should-Retry overrides the status: true on a 400 lock_timeout retries, false on a 500 does not", async () => {
    expect(await withFault({ status: 400, body: { error: { type: "invalid_request_error", code: "idempotency_key_in_use", message: "busy" } }, headers: { "stripe-should-retry": "true" } })).toMatchObject({ category: "transient" });
    expect(await withFault({ status: 500, body: { error: { type: "api_error", message: "boom" } }, headers: { "stripe-should-retry": "false" } })).toMatchObject({ category: "data" });
    expect(await withFault({ status: 503, body: { error: { type: "api_error", message: "down" } } })).toMatchObject({ category: "transient" });
  });

  it("an invalid request is a data error with Stripe's type, code and message", async () => {
    const err = await withFault({ status: 400, body: { error: { type: "invalid_request_error", code: "parameter_unknown", message: "Received unknown parameter: foo", param: "foo" } } });
    expect(err).toMatchObject({ category: "data", status: 400 });
    expect(err.message).toContain("invalid_request_error/parameter_unknown: Received unknown parameter: foo");
  });

  it("an HTML page instead of JSON is a data error, never a crash", async () => {
    const key = newStripeKey();
    await stripeFake(key, "faults", { status: 200, body: "<html><body>Maintenance</body></html>" });
    await expect(stripeSession(key).request({ path: "/v1/customers/cus_1", what: "Stripe customer cus_1" })).rejects.toMatchObject({ category: "data" });
  });

  it("the fake keeps the test-mode limit: the 26th call within a second is 429 with Stripe-Should-Retry", async () => {
    const key = newStripeKey();
    await stripeFake(key, "objects", customer);
    const session = stripeSession(key);
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => session.request({ path: "/v1/customers/cus_1", what: "customer" })));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as ProviderApiError);
    const counters = await stripeFake(key, "counters");
    expect(counters.rateLimited).toBe(refused.length);
    // The calls may straddle a second boundary: at most 25 pass per second.
    expect(results.length - refused.length).toBeLessThanOrEqual(50);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.category === "transient")).toBe(true);
  });
});
