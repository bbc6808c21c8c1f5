import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Env } from "../../src/env";
import worker from "../../src/index";
import { ADMIN_TOKEN } from "../support/router";
import { uniqueId } from "../support/shopify";

it("a region the deployment has no D1 database for is refused with 422 region_unavailable, and no tenant is created", async () => {
  const tenant = uniqueId("t");
  // A deployment that deleted the DB_EU block from wrangler.toml.
  const deployment = { ...env, DB_EU: undefined } as Env;
  const response = await worker.fetch(
    new Request(`https://router.test/v1/admin/tenants/${tenant}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ region: "eu", odoo: { url: "http://odoo.test", database: "acme", login: "router@acme.test", apiKey: "k" } }),
    }),
    deployment,
    createExecutionContext(),
  );
  expect(response.status).toBe(422);
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe("region_unavailable");
  expect(error.message).toContain("DB_EU");
  expect(await env.DB.prepare("SELECT id FROM tenants WHERE id = ?").bind(tenant).first()).toBeNull();
});
