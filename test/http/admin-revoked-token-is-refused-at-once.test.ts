import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, readToken } from "../support/router";

interface TokenRow {
  id: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

it("a revoked token gets 401 on its very next request; the token list shows it revoked and when it was last used", async () => {
  const t = await createTenant();
  const token = await readToken(t);
  expect((await call(`/v1/tenants/${t.tenant}/events`, { token })).status).toBe(200);

  const listed = await call(`/v1/admin/tenants/${t.tenant}/tokens`, { token: ADMIN_TOKEN });
  expect(listed.status).toBe(200);
  const { items } = (await listed.json()) as { items: TokenRow[] };
  expect(items).toHaveLength(1);
  const [row] = items as [TokenRow];
  expect(row).toMatchObject({ role: "read", expiresAt: null, revokedAt: null, lastUsedAt: expect.any(String) });
  expect(JSON.stringify(items)).not.toContain(token);

  const revoke = await call(`/v1/admin/tenants/${t.tenant}/tokens/${row.id}`, { method: "DELETE", token: ADMIN_TOKEN });
  expect(revoke.status).toBe(200);
  expect(await revoke.json()).toMatchObject({ id: row.id, revokedAt: expect.any(String) });

  const refused = await call(`/v1/tenants/${t.tenant}/events`, { token });
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");

  // Revoking again changes nothing; an unknown token id is 404.
  expect((await call(`/v1/admin/tenants/${t.tenant}/tokens/${row.id}`, { method: "DELETE", token: ADMIN_TOKEN })).status).toBe(200);
  expect((await call(`/v1/admin/tenants/${t.tenant}/tokens/tok_nope`, { method: "DELETE", token: ADMIN_TOKEN })).status).toBe(404);
});
