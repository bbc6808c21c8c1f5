import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { fakeAccount, fakeCounters, oauth2Api, putThinSource } from "../support/generic-api";

async function attempt(tenant: string, account: string) {
  const session = await openSession(env, null, tenant, "crm");
  try {
    await session!.request({ path: `/${account}/customers/1`, what: "customer 1" });
    return "ok";
  } catch (err) {
    return err instanceof ProviderApiError ? { category: err.category, message: err.message } : String(err);
  }
}

it("a refused refresh (invalid_grant) makes the source auth_failed with the provider's words; calls fail at once until new credentials are PUT", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ objects: { "customers/1": { email: "c@example.com" } } });
  const revoked = `rt-revoked-${account.account}`;
  expect((await putThinSource(t, "crm", oauth2Api({ ...account, refreshToken: revoked }))).status).toBe(201);

  expect(await attempt(t.tenant, account.account)).toEqual({ category: "auth", message: expect.stringContaining("invalid_grant") });
  const listing = await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).text();
  const api = (JSON.parse(listing) as { items: { api?: { status: string; error?: string } }[] }).items[0]?.api;
  expect(api).toMatchObject({ status: "auth_failed", error: expect.stringContaining("invalid_grant") });
  expect(listing).not.toContain(revoked);

  // No more refreshes: the token endpoint is not asked again.
  expect(await attempt(t.tenant, account.account)).toMatchObject({ category: "auth" });
  expect((await fakeCounters(account)).invalidGrants).toBe(1);

  // The admin PUTs a valid refresh token: a new version, the status starts afresh.
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(200);
  expect(await attempt(t.tenant, account.account)).toBe("ok");
  const after = (await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).json()) as { items: { api?: { status: string } }[] };
  expect(after.items[0]?.api?.status).toBe("connected");
});
