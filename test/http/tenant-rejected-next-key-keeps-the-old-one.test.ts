import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { getOdooConnection } from "../../src/db/tenants";
import { ADMIN_TOKEN, call, createTenant, ODOO_API_KEY } from "../support/router";

for (const protocol of ["jsonrpc", "json2"] as const) {
  it(`a next key Odoo refuses (${protocol}) is answered 422 odoo_key_rejected and changes nothing`, async () => {
    const t = await createTenant({ protocol });
    const response = await call(`/v1/admin/tenants/${t.tenant}`, {
      method: "PUT",
      token: ADMIN_TOKEN,
      body: JSON.stringify({
        odoo: { url: t.odooUrl, database: "acme", login: "router@acme.test", protocol, nextApiKey: "a-key-odoo-never-issued" },
        delivery: { maxConcurrency: 1 },
      }),
    });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("odoo_key_rejected");
    expect(error.message).toMatch(/^odoo\.nextApiKey: .*current key is kept/);
    expect(error.message).not.toContain("a-key-odoo-never-issued");

    const stored = await getOdooConnection(env, t.tenant);
    expect(stored?.apiKey).toBe(ODOO_API_KEY);
    const row = await env.DB.prepare("SELECT delivery FROM tenants WHERE id = ?").bind(t.tenant).first<{ delivery: string }>();
    expect(JSON.parse(row!.delivery)).not.toMatchObject({ maxConcurrency: 1 });
    const check = await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN });
    expect(((await check.json()) as { authenticated: boolean }).authenticated).toBe(true);
  });
}
