/**
 * Admin API (bearer ADMIN_TOKEN): tenants with their Odoo connection, sources with their secrets,
 * audit-API tokens. Secrets and API keys are write-only: no response ever contains them.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env";
import { getOdooConnection, insertApiToken, putSource, putTenant, sourceProviders, tenantExists } from "../db/tenants";
import { checkOdoo, kindsOf } from "../odoo/check";
import { deliverySettingsSchema } from "../tenant/delivery-settings";
import { routingSchema } from "../tenant/routing";
import { getRouting, putRouting } from "../db/routings";
import { odooClient } from "../odoo/connect";
import { newSecretToken, newUlid, SLUG_PATTERN } from "../ids";
import { PROVIDER_IDS, PROVIDERS } from "../providers/registry";
import { sha256Hex } from "../security/digest";
import { requireAdmin } from "./auth";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";

export const tenantBody = z.object({
  delivery: deliverySettingsSchema.optional(),
  odoo: z.object({
    url: z.url({ protocol: /^https?$/ }),
    database: z.string().min(1),
    login: z.string().min(1),
    apiKey: z.string().min(1),
    protocol: z.enum(["jsonrpc", "json2"]).default("jsonrpc"),
  }),
});

export const sourceBody = z.object({
  provider: z.enum(PROVIDER_IDS),
  secrets: z.array(z.string().min(1)).min(1).max(10),
  options: z.record(z.string(), z.unknown()).default({}),
});

export const tokenBody = z.object({ role: z.enum(["read", "operate"]) });

function slug(value: string, what: string): string {
  if (!SLUG_PATTERN.test(value)) {
    throw new ApiError(400, "invalid_request", `${what} must match ${SLUG_PATTERN.source}`);
  }
  return value;
}

async function existingTenant(c: { env: AppEnv["Bindings"] }, tenant: string) {
  if (!(await tenantExists(c.env, tenant))) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
}

export const admin = new Hono<AppEnv>();
admin.use("*", requireAdmin);

admin.put("/tenants/:tenant", async (c) => {
  const tenant = slug(c.req.param("tenant"), "tenant id");
  const body = await parseJsonBody(c, tenantBody);
  const delivery = body.delivery ?? deliverySettingsSchema.parse({});
  const { created } = await putTenant(c.env, tenant, body.odoo, delivery);
  const { apiKey: _secret, ...odoo } = body.odoo;
  return c.json({ tenant, odoo, delivery }, created ? 201 : 200);
});

admin.put("/tenants/:tenant/sources/:source", async (c) => {
  const tenant = c.req.param("tenant");
  const source = slug(c.req.param("source"), "source id");
  const body = await parseJsonBody(c, sourceBody);
  // Each provider owns its options: unknown keys and missing required ones are named.
  const options = PROVIDERS[body.provider]!.optionsSchema.safeParse(body.options);
  if (!options.success) {
    const issue = options.error.issues[0];
    const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? `.${issue.keys.join(",")}` : "";
    const field = ["options", ...(issue?.path ?? [])].join(".") + keys;
    throw new ApiError(422, "invalid_request", `${field}: ${issue?.message ?? "invalid"}`);
  }
  await existingTenant(c, tenant);
  const { created } = await putSource(c.env, tenant, source, { ...body, options: options.data });
  return c.json(
    {
      tenant,
      source,
      provider: body.provider,
      secrets: body.secrets.length,
      options: body.options,
      webhookPath: `/webhooks/${tenant}/${source}`,
    },
    created ? 201 : 200,
  );
});

admin.post("/tenants/:tenant/tokens", async (c) => {
  const tenant = c.req.param("tenant");
  const body = await parseJsonBody(c, tokenBody);
  await existingTenant(c, tenant);
  const token = newSecretToken("owr_");
  const id = `tok_${newUlid()}`;
  await insertApiToken(c.env, { id, tenantId: tenant, role: body.role, tokenHash: await sha256Hex(token) });
  return c.json({ id, tenant, role: body.role, token }, 201);
});

admin.get("/tenants/:tenant/odoo/check", async (c) => {
  const tenant = c.req.param("tenant");
  const connection = await getOdooConnection(c.env, tenant);
  if (!connection) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
  const [providers, { routing }] = await Promise.all([sourceProviders(c.env, tenant), getRouting(c.env.DB, tenant)]);
  const check = await checkOdoo(odooClient(connection), kindsOf(providers), routing);
  return c.json({ tenant, url: connection.url, database: connection.database, protocol: connection.protocol, ...check });
});

admin.put("/tenants/:tenant/routing", async (c) => {
  const tenant = c.req.param("tenant");
  const routing = await parseJsonBody(c, routingSchema);
  await existingTenant(c, tenant);
  const version = await putRouting(c.env.DB, tenant, routing);
  return c.json({ tenant, version, routing }, 201);
});

admin.get("/tenants/:tenant/routing", async (c) => {
  const tenant = c.req.param("tenant");
  await existingTenant(c, tenant);
  return c.json({ tenant, ...(await getRouting(c.env.DB, tenant)) });
});
