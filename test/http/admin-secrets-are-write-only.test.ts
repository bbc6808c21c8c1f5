import { expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { ADMIN_TOKEN, call } from "../support/router";

it("tenant API keys and source secrets are never returned, and are stored encrypted", async () => {
  const apiKey = "odoo-api-key-that-must-not-leak";
  const secret = "shopify-secret-that-must-not-leak";
  const tenantResponse = await call("/v1/admin/tenants/leaktest", {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url: "http://odoo.test", database: "db", login: "api", apiKey, protocol: "jsonrpc" } }),
  });
  const sourceResponse = await call("/v1/admin/tenants/leaktest/sources/shop", {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "shopify", secrets: [secret] }),
  });
  expect(tenantResponse.status).toBe(201);
  expect(sourceResponse.status).toBe(201);
  const bodies = (await tenantResponse.text()) + (await sourceResponse.text());
  expect(bodies).not.toContain(apiKey);
  expect(bodies).not.toContain(secret);

  const rows = JSON.stringify([
    await env.DB.prepare("SELECT * FROM tenants").all(),
    await env.DB.prepare("SELECT * FROM sources").all(),
  ]);
  expect(rows).not.toContain(apiKey);
  expect(rows).not.toContain(secret);
});

it("the admin API requires the admin token and validates bodies", async () => {
  const noToken = await call("/v1/admin/tenants/x", { method: "PUT", body: "{}" });
  expect(noToken.status).toBe(401);
  const badBody = await call("/v1/admin/tenants/x", { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify({ odoo: { url: "nope" } }) });
  expect(badBody.status).toBe(422);
  expect(((await badBody.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  const unknownTenant = await call("/v1/admin/tenants/ghost/sources/s", {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "shopify", secrets: ["s"] }),
  });
  expect(unknownTenant.status).toBe(404);
  const unknownProvider = await call("/v1/admin/tenants/ghost/sources/s", {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "myspace", secrets: ["s"] }),
  });
  expect(unknownProvider.status).toBe(422);
});
