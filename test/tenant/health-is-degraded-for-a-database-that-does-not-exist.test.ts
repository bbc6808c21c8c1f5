import { expect, it } from "vitest";
import { ADMIN_TOKEN, ODOO_API_KEY, call, createTenant, readToken } from "../support/router";

it("a tenant pointing at a database that does not exist is saved, told so by the check, and degraded in health", async () => {
  const t = await createTenant();
  // The same Odoo server, but a database name that is not on it.
  const saved = await call(`/v1/admin/tenants/${t.tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url: t.odooUrl, database: "acme_typo", login: "router@acme.test", apiKey: ODOO_API_KEY } }),
  });
  expect(saved.status).toBe(200);
  const body = (await saved.json()) as { odoo: { database: string }; check: { ok: boolean; authenticated: boolean; problems: string[] } };
  expect(body.odoo.database).toBe("acme_typo");
  expect(body.check).toMatchObject({ ok: false, authenticated: false });
  expect(body.check.problems[0]).toContain('database "acme_typo" does not exist');

  const health = (await (await call(`/v1/tenants/${t.tenant}/health`, { token: await readToken(t) })).json()) as { status: string; reason: string };
  expect(health.status).toBe("degraded");
  expect(health.reason).toMatch(/^the Odoo check at .* failed: .*database "acme_typo" does not exist/);
});
