/**
 * The write consumer keeps its tenant decoded between batches (src/db/write-tenant.ts), yet an
 * admin's change applies to the very next batch on every isolate: the cache is checked against the
 * stored text itself, read by each batch, not invalidated by the admin route (which another isolate
 * would never see) nor kept for a time.
 */
import { expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { loadWriteTenant } from "../../src/db/write-tenant";
import { ADMIN_TOKEN, call, createTenant, putRouting } from "../support/router";

it("a PUT of the tenant's delivery settings, its API key or its routing is what the next batch reads", async () => {
  const t = await createTenant({ delivery: { maxConcurrency: 4 } });
  const before = await loadWriteTenant(env, t.tenant);
  expect(before).toMatchObject({ settings: { maxConcurrency: 4 }, routing: { version: 0 } });

  const odoo = { url: t.odooUrl, database: "acme", login: "router@acme.test", protocol: "jsonrpc" };
  const put = await call(`/v1/admin/tenants/${t.tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { ...odoo, apiKey: "rotated-key" }, delivery: { maxConcurrency: 2 } }),
  });
  expect(put.status).toBe(200);
  const changed = await loadWriteTenant(env, t.tenant);
  expect(changed).toMatchObject({ settings: { maxConcurrency: 2 }, connection: { apiKey: "rotated-key" }, routing: { version: 0 } });

  await putRouting(t, { orderInvoicing: "on_payment" });
  const routed = await loadWriteTenant(env, t.tenant);
  expect(routed).toMatchObject({ settings: { maxConcurrency: 2 }, routing: { version: 1, routing: { orderInvoicing: "on_payment" } } });
  // The routing changed alone: the connection decoded before is kept.
  expect(routed!.connection).toBe(changed!.connection);
});
