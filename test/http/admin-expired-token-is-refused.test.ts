import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";

const createToken = (tenant: string, body: object) =>
  call(`/v1/admin/tenants/${tenant}/tokens`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify(body) });

it("a token past its expiresAt gets 401; expiresInDays sets the expiry; bad expiries are 422", async () => {
  const t = await createTenant();
  const expiresAt = new Date(Date.now() + 1_500).toISOString();
  const created = await createToken(t.tenant, { role: "read", expiresAt });
  expect(created.status).toBe(201);
  const { token, expiresAt: stored } = (await created.json()) as { token: string; expiresAt: string };
  expect(stored).toBe(expiresAt);
  expect((await call(`/v1/tenants/${t.tenant}/events`, { token })).status).toBe(200);

  await new Promise((resolve) => setTimeout(resolve, 1_700));
  expect((await call(`/v1/tenants/${t.tenant}/events`, { token })).status).toBe(401);

  const inDays = (await (await createToken(t.tenant, { role: "operate", expiresInDays: 30 })).json()) as { expiresAt: string };
  expect(Date.parse(inDays.expiresAt) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

  for (const body of [
    { role: "read", expiresAt: "2020-01-01T00:00:00Z" },
    { role: "read", expiresInDays: 0 },
    { role: "read", expiresInDays: 1, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  ]) {
    const refused = await createToken(t.tenant, body);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/^expires/) });
  }
});
