import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { createTenant } from "../support/router";
import { fakeAccount, fakeControl, fakeCounters, oauth2Api, putThinSource } from "../support/generic-api";

it("one OAuth2 refresh is in flight per source, however many sessions call at once (and after tokens expire)", async () => {
  const t = await createTenant();
  // A slow token endpoint: concurrent refreshes would overlap and show in the fake's counter.
  const account = await fakeAccount({ tokenDelayMs: 150, objects: { "customers/1": { email: "a@example.com" } } });
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);

  const callMany = async (n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => {
        // A session each, as separate consumers and Workers would have.
        const session = await openSession(env, null, t.tenant, "crm");
        return (await session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" })).json;
      }),
    );

  expect(await callMany(12)).toEqual(Array(12).fill({ email: "a@example.com" }));
  let counters = await fakeCounters(account);
  expect(counters.refreshes).toBe(1);
  expect(counters.maxRefreshesInFlight).toBe(1);

  // Every access token expires at once: all callers get a 401, one of them refreshes.
  await fakeControl(account, "expire-tokens");
  expect(await callMany(12)).toEqual(Array(12).fill({ email: "a@example.com" }));
  counters = await fakeCounters(account);
  expect(counters.refreshes).toBe(2);
  expect(counters.maxRefreshesInFlight).toBe(1);
  expect(counters.invalidGrants).toBe(0);
});
