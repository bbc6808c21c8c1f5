import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { getOdooConnection } from "../../src/db/tenants";
import { ADMIN_TOKEN, call, configureOdoo, createTenant, ODOO_API_KEY } from "../support/router";

const putTenant = (tenant: string, odoo: Record<string, unknown>) =>
  call(`/v1/admin/tenants/${tenant}`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify({ odoo }) });

for (const protocol of ["jsonrpc", "json2"] as const) {
  it(`odoo.nextApiKey is authenticated against Odoo (${protocol}) and then replaces the key in force`, async () => {
    const t = await createTenant({ protocol });
    const connection = { url: t.odooUrl, database: "acme", login: "router@acme.test", protocol };
    // The operator made a new key in Odoo and revoked the old one.
    await configureOdoo(t, { apiKey: "the-next-key" });

    const response = await putTenant(t.tenant, { ...connection, nextApiKey: "the-next-key" });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toContain("the-next-key");
    expect(JSON.parse(body).odoo).toMatchObject({ keyRotated: true });
    expect((await getOdooConnection(env, t.tenant))?.apiKey).toBe("the-next-key");

    // Deliveries and checks now authenticate with the new key.
    const check = await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN });
    expect(((await check.json()) as { authenticated: boolean }).authenticated).toBe(true);
  });
}

it("an existing tenant may be updated without repeating its key; a new one needs odoo.apiKey", async () => {
  const t = await createTenant();
  const connection = { url: t.odooUrl, database: "acme", login: "router@acme.test" };
  expect((await putTenant(t.tenant, connection)).status).toBe(200);
  expect((await getOdooConnection(env, t.tenant))?.apiKey).toBe(ODOO_API_KEY);

  const fresh = await putTenant(`${t.tenant}-new`, connection);
  expect(fresh.status).toBe(422);
  expect(((await fresh.json()) as { error: { message: string } }).error.message).toMatch(/^odoo\.apiKey: /);
});
