import { expect, it } from "vitest";
import { ADMIN_TOKEN, ODOO_API_KEY, call, createTenant } from "../support/router";

const putTenant = (tenant: string, url: string) =>
  call(`/v1/admin/tenants/${tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url, database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY } }),
  });

interface Reply {
  odoo: { url: string };
  check: { ok: boolean; authenticated: boolean; serverVersion: string | null; problems: string[] };
  warnings: string[];
}

it("PUT tenant answers with the Odoo check's result, and a URL copied from the browser is saved with a hint", async () => {
  const t = await createTenant();
  const good = await putTenant(t.tenant, t.odooUrl);
  expect(good.status).toBe(200);
  expect(await good.json()).toMatchObject({ check: { ok: true, authenticated: true, serverVersion: "19.0", problems: [] }, warnings: [] });

  for (const suffix of ["/odoo", "/web/", "/jsonrpc", "/json/2"]) {
    const response = await putTenant(t.tenant, `${t.odooUrl}${suffix}`);
    // Saved all the same: a warning, not an error.
    expect(response.status).toBe(200);
    const reply = (await response.json()) as Reply;
    expect(reply.odoo.url).toBe(`${t.odooUrl}${suffix}`);
    expect(reply.warnings).toEqual([
      `odoo.url ends in "${suffix.replace(/\/$/, "")}": the router wants Odoo's base URL (e.g. "${t.odooUrl}"); it adds /jsonrpc or /json/2 itself`,
    ]);
    // Odoo is not found under that URL: the check says so, the save stands.
    expect(reply.check).toMatchObject({ ok: false, authenticated: false });
    expect(reply.check.problems).toHaveLength(1);
  }
  const listed = (await (await call("/v1/admin/tenants", { token: ADMIN_TOKEN })).json()) as { items: { tenant: string; odoo: { url: string } }[] };
  expect(listed.items.find((i) => i.tenant === t.tenant)?.odoo.url).toBe(`${t.odooUrl}/json/2`);
});
