import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { createTenant } from "../support/router";
import { fakeAccount, fakeCounters, oauth2Api, putThinSource } from "../support/generic-api";

async function fiveCalls(ttlSeconds: number) {
  const t = await createTenant();
  const account = await fakeAccount({ tokenTtlSeconds: ttlSeconds, objects: { "customers/1": { email: "f@example.com" } } });
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);
  for (let i = 0; i < 5; i++) {
    const session = await openSession(env, null, t.tenant, "crm");
    await session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" });
  }
  return fakeCounters(account);
}

it("an access token is reused across sessions until a minute before it expires, then refreshed", async () => {
  // An hour-long token: one refresh for every call.
  expect(await fiveCalls(3600)).toMatchObject({ refreshes: 1, unauthorized: 0 });
  // A token that lives less than the minute of margin is never kept: each call gets a new one.
  expect(await fiveCalls(50)).toMatchObject({ refreshes: 5, unauthorized: 0, invalidGrants: 0 });
});
