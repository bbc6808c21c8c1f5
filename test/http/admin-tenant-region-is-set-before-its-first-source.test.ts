import { expect, it } from "vitest";
import { ADMIN_TOKEN, call } from "../support/router";
import { uniqueId } from "../support/shopify";

const odoo = { url: "http://odoo.test", database: "acme", login: "router@acme.test", apiKey: "k" };
const put = async (tenant: string, body: Record<string, unknown>) => {
  const response = await call(`/v1/admin/tenants/${tenant}`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify({ odoo, ...body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

it("a tenant's region is set on PUT, kept when left out, and changeable until the tenant has a source", async () => {
  const tenant = uniqueId("t");
  expect(await put(tenant, { region: "eu" })).toMatchObject({ status: 201, body: { tenant, region: "eu" } });
  expect(await put(tenant, {})).toMatchObject({ status: 200, body: { region: "eu" } });
  expect(await put(tenant, { region: "fedramp" })).toMatchObject({ status: 200, body: { region: "fedramp" } });
  expect(await put(tenant, { region: null })).toMatchObject({ status: 200, body: { region: null } });

  const unknown = await put(tenant, { region: "us" });
  expect(unknown.status).toBe(422);
  expect(unknown.body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("region") } });
});
