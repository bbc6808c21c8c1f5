import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { fakeAccount, oauth2Api, putThinSource } from "../support/generic-api";

it("a source deleted and created again starts a fresh connection (its object does not take the new api for an older one)", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ objects: { "customers/1": { email: "n@example.com" } } });
  const read = async () => {
    const session = await openSession(env, null, t.tenant, "crm");
    return (await session!.request({ path: `/${account.account}/customers/1`, what: "customer 1" })).status;
  };
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);
  expect((await putThinSource(t, "crm", { ...oauth2Api(account), limits: { concurrent: 2 } })).status).toBe(200);
  expect(await read()).toBe(200);

  expect((await call(`/v1/admin/tenants/${t.tenant}/sources/crm`, { method: "DELETE", token: ADMIN_TOKEN })).status).toBe(200);
  // The fake rotated the refresh token on the first read: the new source is given the current one.
  const { refreshToken } = (await (await fetch(`https://api.generic.test/__fake/${account.account}/counters`)).json()) as { refreshToken: string };
  expect((await putThinSource(t, "crm", oauth2Api({ ...account, refreshToken }))).status).toBe(201);
  expect(await read()).toBe(200);
});
