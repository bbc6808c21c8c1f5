import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { createTenant } from "../support/router";
import { fakeAccount, fakeControl, fakeCounters, putThinSource } from "../support/generic-api";

it("a 429 with Retry-After blocks the whole connection until then: later calls fail transient with the wait, without calling the provider", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none", objects: { "customers/1": { email: "e@example.com" } } });
  expect((await putThinSource(t, "crm", { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}` })).status).toBe(201);
  await fakeControl(account, "faults", { mode: "429", count: 1 });

  const failure = async () => {
    const session = await openSession(env, null, t.tenant, "crm");
    return session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" }).then(
      () => null,
      (err: unknown) => err,
    );
  };
  const first = await failure();
  expect(first).toBeInstanceOf(ProviderApiError);
  expect(first).toMatchObject({ category: "transient", status: 429, retryAfterSeconds: 30 });

  const second = await failure();
  expect(second).toMatchObject({ category: "transient", message: expect.stringContaining("rate limit") });
  expect((second as ProviderApiError).retryAfterSeconds).toBeGreaterThan(25);
  expect((await fakeCounters(account)).calls).toBe(1);
});
