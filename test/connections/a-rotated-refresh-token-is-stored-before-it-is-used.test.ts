import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { connectionName, openSession } from "../../src/connections/open-session";
import type { ConnectionObject } from "../../src/connections/connection-object";
import { ConnectionStore } from "../../src/connections/connection-store";
import { keyRingOf, open } from "../../src/security/secret-box";
import { createTenant } from "../support/router";
import { fakeAccount, fakeControl, fakeCounters, oauth2Api, putThinSource } from "../support/generic-api";

it("a rotated refresh token is stored (sealed) in the connection object before its access token is used, and the next refresh uses it", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ objects: { "customers/7": { email: "b@example.com" } } });
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);
  const stub = env.CONNECTION.getByName(connectionName(t.tenant, "crm"));
  const storedToken = () =>
    runInDurableObject(stub, async (_instance: ConnectionObject, state) => {
      const sealed = new ConnectionStore(state.storage.sql).state().refreshSealed;
      return { sealed, plain: sealed ? await open(keyRingOf(env), sealed, `connection-refresh:${t.tenant}/crm`) : null };
    });

  const session = await openSession(env, null, t.tenant, "crm");
  await session!.request({ path: `/${account.account}/customers/7`, what: "customer 7" });
  // The fake spent the configured token and issued a new one: the object holds that one, sealed.
  const first = await fakeCounters(account);
  expect(first.refreshToken).not.toBe(account.refreshToken);
  const stored = await storedToken();
  expect(stored.plain).toBe(first.refreshToken);
  expect(stored.sealed).not.toContain(first.refreshToken!);

  // The next refresh presents the rotated token (a spent one would be invalid_grant).
  await fakeControl(account, "expire-tokens");
  await session!.request({ path: `/${account.account}/customers/7`, what: "customer 7" });
  const second = await fakeCounters(account);
  expect(second.refreshes).toBe(2);
  expect(second.invalidGrants).toBe(0);
  expect((await storedToken()).plain).toBe(second.refreshToken);
});
