/**
 * Admin API, what exists and its removal (bearer ADMIN_TOKEN; mounted in the admin app):
 *   GET    /v1/admin/tenants                          tenants with their Odoo connection (no API key)
 *   GET    /v1/admin/tenants/{t}/sources              sources (provider, options; never the secrets)
 *   GET    /v1/admin/tenants/{t}/tokens               tokens (id, role, created, last used, expires, revoked)
 *   DELETE /v1/admin/tenants/{t}/tokens/{id}          revoked at once: the next request with it is 401
 *   DELETE /v1/admin/tenants/{t}/sources/{s}          ingest answers 404 unknown_source; its audit trail stays
 * Every removal is recorded in the change audit (http/changes.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { deleteSource, listSources, listTenants, tenantExists } from "../db/tenants";
import { getApiToken, listApiTokens, revokeApiToken } from "../db/api-tokens";
import { recordChange } from "./changes";
import { reconcileStatuses } from "../reconcile/status";
import { putReconcileSettings } from "../db/reconciliations";
import { ApiError } from "./errors";

export const adminLifecycle = new Hono<AppEnv>();

async function existingTenant(env: AppEnv["Bindings"], tenant: string) {
  if (!(await tenantExists(env, tenant))) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
}

adminLifecycle.get("/tenants", async (c) => c.json({ items: await listTenants(c.env) }));

adminLifecycle.get("/tenants/:tenant/sources", async (c) => {
  const tenant = c.req.param("tenant");
  await existingTenant(c.env, tenant);
  const items = await listSources(c.env, tenant);
  // Each source's reconciliation (schedule, watermark, horizon warning), null when it has none.
  const reconcile = await reconcileStatuses(c.env, tenant, new Map(items.map((s) => [s.source, s.provider])));
  return c.json({ tenant, items: items.map((s) => ({ ...s, reconcile: reconcile.get(s.source) ?? null })) });
});

adminLifecycle.delete("/tenants/:tenant/sources/:source", async (c) => {
  const tenant = c.req.param("tenant");
  const source = c.req.param("source");
  await existingTenant(c.env, tenant);
  const [before] = await listSources(c.env, tenant, source);
  if (!before || !(await deleteSource(c.env, tenant, source))) {
    throw new ApiError(404, "not_found", `no source "${source}" for tenant "${tenant}"`);
  }
  // Its reconciliation schedule goes with it (the cron would find no source); jobs and exceptions stay.
  await putReconcileSettings(c.env.DB, tenant, source, null);
  await recordChange(c, { tenantId: tenant, action: "source.delete", target: source, before: { ...before, secrets: "[redacted]" }, after: null });
  return c.json({ tenant, source, deleted: true, auditKept: true });
});

adminLifecycle.get("/tenants/:tenant/tokens", async (c) => {
  const tenant = c.req.param("tenant");
  await existingTenant(c.env, tenant);
  return c.json({ tenant, items: await listApiTokens(c.env, tenant) });
});

adminLifecycle.delete("/tenants/:tenant/tokens/:id", async (c) => {
  const tenant = c.req.param("tenant");
  const id = c.req.param("id");
  await existingTenant(c.env, tenant);
  const before = await getApiToken(c.env, tenant, id);
  if (!before) throw new ApiError(404, "not_found", `no token "${id}" for tenant "${tenant}"`);
  // Revoking twice is harmless: the first revocation time stays, and only it is recorded.
  if (before.revokedAt !== null) return c.json(before);
  await revokeApiToken(c.env, tenant, id);
  const after = (await getApiToken(c.env, tenant, id))!;
  await recordChange(c, { tenantId: tenant, action: "token.revoke", target: id, before, after });
  return c.json(after);
});
