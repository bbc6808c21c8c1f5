import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { fakeAccount, fakeCounters, putThinSource } from "../support/generic-api";

it("a static credential the provider refuses (401) makes the source auth_failed: later calls fail at once, without calling the provider", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "bearer", staticToken: "the-right-token", objects: { "customers/1": { email: "g@example.com" } } });
  const fetchUrl = `https://api.generic.test/${account.account}/customers/{id}`;
  expect((await putThinSource(t, "crm", { fetchUrl, bearerToken: "a-wrong-token" })).status).toBe(201);
  const attempt = async () => {
    const session = await openSession(env, null, t.tenant, "crm");
    return session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" }).then(
      (r) => r.status,
      (err: { category?: string }) => err.category,
    );
  };
  expect(await attempt()).toBe("auth");
  expect(await attempt()).toBe("auth");
  expect((await fakeCounters(account)).calls).toBe(1);
  const listing = await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).text();
  expect(listing).toContain('"status":"auth_failed"');
  expect(listing).not.toContain("a-wrong-token");

  expect((await putThinSource(t, "crm", { fetchUrl, bearerToken: "the-right-token" })).status).toBe(200);
  expect(await attempt()).toBe(200);
});
