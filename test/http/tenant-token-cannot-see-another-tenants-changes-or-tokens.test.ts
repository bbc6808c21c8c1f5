import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, readToken } from "../support/router";

it("a tenant token reads its own changes, gets 404 on another tenant's and 401 on any token list", async () => {
  const a = await createTenant();
  const b = await createTenant();
  const tokenA = await readToken(a);
  await readToken(b);

  const own = await call(`/v1/tenants/${a.tenant}/changes`, { token: tokenA });
  expect(own.status).toBe(200);
  const { items } = (await own.json()) as { items: { tenant: string }[] };
  expect(items.length).toBeGreaterThan(0);
  expect(items.every((c) => c.tenant === a.tenant)).toBe(true);

  const other = await call(`/v1/tenants/${b.tenant}/changes`, { token: tokenA });
  expect(other.status).toBe(404);
  expect(((await other.json()) as { error: { code: string } }).error.code).toBe("not_found");
  // Token lists and the all-tenant change log are the admin's only.
  expect((await call(`/v1/admin/tenants/${b.tenant}/tokens`, { token: tokenA })).status).toBe(401);
  expect((await call(`/v1/admin/tenants/${a.tenant}/tokens`, { token: tokenA })).status).toBe(401);
  expect((await call("/v1/admin/changes", { token: tokenA })).status).toBe(401);
  expect((await call(`/v1/admin/tenants/${b.tenant}/tokens`, { token: ADMIN_TOKEN })).status).toBe(200);
});
