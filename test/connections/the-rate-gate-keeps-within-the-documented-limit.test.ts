import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { createTenant } from "../support/router";
import { fakeAccount, fakeCounters, putThinSource } from "../support/generic-api";

it("the rate gate keeps a burst within the connection's limit (calls per window and in flight): the provider never answers 429", async () => {
  const t = await createTenant();
  // The API allows 4 calls a second; the connection declares it.
  const account = await fakeAccount({ auth: "none", limit: { count: 4, perSeconds: 1 }, delayMs: 30, objects: { "customers/1": { email: "d@example.com" } } });
  const api = { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}`, limits: { calls: { count: 4, perSeconds: 1 }, concurrent: 2 } };
  expect((await putThinSource(t, "crm", api)).status).toBe(201);

  // Ten calls at once from ten sessions: the gate spreads them over ~2.5 s (short waits are waited).
  const results = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const session = await openSession(env, null, t.tenant, "crm");
      return (await session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" })).status;
    }),
  );
  expect(results).toEqual(Array(10).fill(200));
  const counters = await fakeCounters(account);
  expect(counters.throttled).toBe(0);
  expect(counters.calls).toBe(10);
  expect(counters.maxInFlight).toBeLessThanOrEqual(2);
});

it("without the gate the same burst is refused by the provider (the fake enforces its limit)", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none", limit: { count: 4, perSeconds: 1 }, objects: { "customers/1": { email: "d@example.com" } } });
  const api = { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}`, limits: { concurrent: 100 } };
  expect((await putThinSource(t, "crm", api)).status).toBe(201);
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, async () => {
      const session = await openSession(env, null, t.tenant, "crm");
      return session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" });
    }),
  );
  expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
  expect((await fakeCounters(account)).throttled).toBeGreaterThan(0);
});
