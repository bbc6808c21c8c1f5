import { expect, it } from "vitest";
import { ADMIN_TOKEN, ODOO_API_KEY, call, createTenant, readToken } from "../support/router";
import { putSource } from "../support/sources";

it("the admin lists tenants and a tenant's sources, never an API key or a secret; tenant tokens are refused", async () => {
  const t = await createTenant();
  expect((await putSource(t, "billing", { provider: "stripe", secrets: ["whsec_s3cret-value"] })).status).toBe(201);

  const tenants = await call("/v1/admin/tenants", { token: ADMIN_TOKEN });
  expect(tenants.status).toBe(200);
  const tenantsText = await tenants.text();
  expect(tenantsText).not.toContain(ODOO_API_KEY);
  const { items } = JSON.parse(tenantsText) as { items: { tenant: string; odoo: Record<string, unknown> }[] };
  expect(items.find((i) => i.tenant === t.tenant)).toMatchObject({
    odoo: { url: t.odooUrl, database: "acme", login: "router@acme.test", protocol: "jsonrpc" },
    region: null,
  });
  expect(items.find((i) => i.tenant === t.tenant)?.odoo).not.toHaveProperty("apiKey");

  const sources = await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN });
  const sourcesText = await sources.text();
  expect(sourcesText).not.toContain(t.secret);
  expect(sourcesText).not.toContain("s3cret-value");
  expect((JSON.parse(sourcesText) as { items: { source: string; provider: string; webhookPath: string }[] }).items).toEqual([
    expect.objectContaining({ source: "billing", provider: "stripe", webhookPath: `/webhooks/${t.tenant}/billing` }),
    expect.objectContaining({ source: "shop", provider: "shopify", webhookPath: `/webhooks/${t.tenant}/shop` }),
  ]);

  expect((await call("/v1/admin/tenants/nobody/sources", { token: ADMIN_TOKEN })).status).toBe(404);
  const tenantToken = await readToken(t);
  expect((await call("/v1/admin/tenants", { token: tenantToken })).status).toBe(401);
});
