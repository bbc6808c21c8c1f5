import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

const putTenant = (tenant: string, odooUrl: string, extra: Record<string, unknown>) =>
  call(`/v1/admin/tenants/${tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url: odooUrl, database: "acme", login: "someone-else@acme.test", apiKey: "test-api-key" }, ...extra }),
  });

const stored = (tenant: string) =>
  env.DB.prepare("SELECT region, odoo_login AS login FROM tenants WHERE id = ?").bind(tenant).first<{ region: string | null; login: string }>();

it("moving a tenant that has data to another region is refused with 409 region_locked, and nothing of the PUT is applied", async () => {
  const eu = await createTenant({ region: "eu" });
  const { eventId } = (await (await postShopify(eu, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(eu, eventId, ["delivered", "dead"]);

  for (const region of [null, "fedramp"]) {
    const refused = await putTenant(eu.tenant, eu.odooUrl, { region });
    expect(refused.status).toBe(409);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("region_locked");
    expect(error.message).toMatch(/^region: tenant ".+" stays in region "eu" because .*cannot move between jurisdictions/);
  }
  expect(await stored(eu.tenant)).toEqual({ region: "eu", login: "router@acme.test" });

  // A default tenant with a source (webhooks may already have made its objects) cannot move either.
  const plain = await createTenant();
  const refused = await putTenant(plain.tenant, plain.odooUrl, { region: "eu" });
  expect(refused.status).toBe(409);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("stays in the default region because it has sources");
  expect(await stored(plain.tenant)).toEqual({ region: null, login: "router@acme.test" });

  // Restating the region it has is no change.
  const same = await putTenant(eu.tenant, eu.odooUrl, { region: "eu" });
  expect(same.status).toBe(200);
  expect(await same.json()).toMatchObject({ region: "eu", odoo: { login: "someone-else@acme.test" } });
});
