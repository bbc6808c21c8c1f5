/**
 * Admin API (bearer ADMIN_TOKEN): tenants with their Odoo connection, sources with their secrets,
 * audit-API tokens. Secrets and API keys are write-only: no response ever contains them.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { putReconcileSettings } from "../db/reconciliations";
import { reconcileSettingsSchema } from "../reconcile/schedule";
import { everyText } from "../reconcile/status";
import { getSourceConfig, getTenantSummary, listSources, putSource, putTenant, tenantExists, type SourceApiInput } from "../db/tenants";
import { insertApiToken } from "../db/api-tokens";
import { checkWithin, odooUrlHints, runTenantCheck } from "../tenant/odoo-check-run";
import { effectiveOwnership } from "../tenant/ownership";
import { adminLifecycle } from "./admin-lifecycle";
import { adminChangesApi, recordChange } from "./changes";
import { adminAlertsApi } from "./alerts";
import { odooAutomations } from "./odoo-automations";
import { deliverySettingsSchema } from "../tenant/delivery-settings";
import { routingSchema } from "../tenant/routing";
import { outboundRoutingProblem } from "../outbound/governance";
import { getRouting, putRouting } from "../db/routings";
import { odooClient } from "../odoo/connect";
import type { OdooConnection } from "../odoo/client";
import { OdooError } from "../odoo/errors";
import { presentRetention, retentionSchema } from "../retention/retention";
import { newSecretToken, newUlid, SLUG_PATTERN } from "../ids";
import { PROVIDER_IDS, PROVIDERS } from "../providers/registry";
import { sha256Hex } from "../security/digest";
import { resealSecrets } from "../security/reseal";
import { keyRingOf } from "../security/secret-box";
import { requireAdmin } from "./auth";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";
import { setTenantRegion, storedRegion } from "../db/tenant-regions";
import { REGIONS, regionUnavailable, type Region } from "../tenant/region";

export const tenantBody = z.object({
  delivery: deliverySettingsSchema.optional(),
  retention: retentionSchema.optional(),
  /** Data residency (tenant/region.ts); null = default placement; omitted = unchanged (default when new). */
  region: z.enum(REGIONS).nullable().optional(),
  odoo: z.object({
    url: z.url({ protocol: /^https?$/ }),
    database: z.string().min(1),
    login: z.string().min(1),
    /** Required for a new tenant; an existing tenant without it keeps its key. */
    apiKey: z.string().min(1).optional(),
    /** Key rotation: verified against Odoo, then swapped in (see verifyNextKey). */
    nextApiKey: z.string().min(1).optional(),
    protocol: z.enum(["jsonrpc", "json2"]).default("jsonrpc"),
  }),
});

export const sourceBody = z.object({
  provider: z.enum(PROVIDER_IDS),
  secrets: z.array(z.string().min(1)).min(1).max(10),
  options: z.record(z.string(), z.unknown()).default({}),
  /** The provider API connection (validated by the provider's `api.credentialsSchema`); absent = keep, null = remove. */
  api: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Scheduled reconciliation (src/reconcile/): absent = unchanged, null = none. */
  reconcile: reconcileSettingsSchema.nullable().optional(),
});

const apiBaseUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

export const tokenBody = z
  .object({
    role: z.enum(["read", "operate"]),
    /** Optional expiry: after it the token gets 401. One of the two, or neither (no expiry). */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((v) => Date.parse(v))
      .refine((t) => t > Date.now(), "must be in the future")
      .optional(),
  })
  .refine((b) => b.expiresInDays === undefined || b.expiresAt === undefined, { path: ["expiresAt"], message: 'give "expiresInDays" or "expiresAt", not both' });

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
admin.route("/", adminLifecycle);
admin.route("/", adminChangesApi);
admin.route("/", adminAlertsApi);
admin.route("/", odooAutomations);

admin.put("/tenants/:tenant", async (c) => {
  const tenant = slug(c.req.param("tenant"), "tenant id");
  const body = await parseJsonBody(c, tenantBody);
  const delivery = body.delivery ?? deliverySettingsSchema.parse({});
  const { apiKey, nextApiKey, ...connection } = body.odoo;
  const before = await getTenantSummary(c.env, tenant);
  const existed = before !== null;
  if (apiKey === undefined && nextApiKey === undefined && !existed) {
    throw new ApiError(422, "invalid_request", "odoo.apiKey: required for a new tenant");
  }
  // The key in force stays stored (and used by deliveries) until the next one has authenticated;
  // then one statement swaps it in with the rest of the body.
  if (nextApiKey !== undefined) await verifyNextKey({ ...connection, apiKey: nextApiKey });
  // A region change is refused before anything else of the body is applied.
  if (existed && body.region !== undefined) await applyRegion(c.env, tenant, body.region);
  else if (body.region) refuseUnavailable(c.env, body.region);
  const { created } = await putTenant(c.env, tenant, { ...connection, apiKey: nextApiKey ?? apiKey }, delivery, body.retention ?? {});
  if (!existed && body.region) await applyRegion(c.env, tenant, body.region);
  const after = await getTenantSummary(c.env, tenant);
  // The keys themselves are redacted in the record: it shows that one was set, not which.
  await recordChange(c, { tenantId: tenant, action: "tenant.put", target: tenant, before, after: { ...after, odoo: { ...after?.odoo, apiKey, nextApiKey } } });
  // Saved: now the check, bounded in time. Its problems are the operator's to fix, not a refusal.
  const [check, hints] = [await checkWithin(c.env, tenant), odooUrlHints(connection.url)];
  return c.json(
    {
      tenant,
      odoo: { ...connection, ...(nextApiKey !== undefined ? { keyRotated: true } : {}) },
      delivery,
      retention: presentRetention(body.retention),
      region: await storedRegion(c.env, tenant),
      check,
      warnings: hints,
    },
    created ? 201 : 200,
  );
});

/** Authenticates with the next key over the tenant's protocol; a refusal is the caller's 422. */
async function verifyNextKey(connection: OdooConnection): Promise<void> {
  try {
    await odooClient(connection).probe();
  } catch (err) {
    if (err instanceof OdooError && err.category === "auth") {
      throw new ApiError(
        422,
        "odoo_key_rejected",
        `odoo.nextApiKey: Odoo refused it for login "${connection.login}" on database "${connection.database}"; the current key is kept`,
      );
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new ApiError(502, "odoo_unreachable", `odoo.nextApiKey could not be verified (${reason}); the current key is kept`);
  }
}

function refuseUnavailable(env: AppEnv["Bindings"], region: Region | null) {
  const missing = regionUnavailable(env, region);
  if (missing) throw new ApiError(422, "region_unavailable", `region: this deployment cannot hold tenant data there: ${missing}`);
}

async function applyRegion(env: AppEnv["Bindings"], tenant: string, region: Region | null) {
  refuseUnavailable(env, region);
  const change = await setTenantRegion(env, tenant, region);
  if (!change.ok) {
    throw new ApiError(
      409,
      "region_locked",
      `region: tenant "${tenant}" stays in ${change.current ? `region "${change.current}"` : "the default region"} because ${change.reason}; ` +
        "Durable Objects cannot move between jurisdictions: create a new tenant in the other region instead",
    );
  }
}

admin.put("/tenants/:tenant/sources/:source", async (c) => {
  const tenant = c.req.param("tenant");
  const source = slug(c.req.param("source"), "source id");
  const body = await parseJsonBody(c, sourceBody);
  // Options the router records itself (Odoo's provisioned rules) survive a PUT that omits them.
  const recorded = PROVIDERS[body.provider]!.recordedOptions ?? [];
  if (recorded.some((key) => !(key in body.options))) {
    const stored = await getSourceConfig(c.env, tenant, source, 0);
    if (stored?.provider === body.provider) {
      for (const key of recorded) if (!(key in body.options) && key in stored.options) body.options[key] = stored.options[key];
    }
  }
  // Each provider owns its options: unknown keys and missing required ones are named.
  const options = PROVIDERS[body.provider]!.optionsSchema.safeParse(body.options);
  if (!options.success) {
    const issue = options.error.issues[0];
    const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? `.${issue.keys.join(",")}` : "";
    const field = ["options", ...(issue?.path ?? [])].join(".") + keys;
    throw new ApiError(422, "invalid_request", `${field}: ${issue?.message ?? "invalid"}`);
  }
  if (body.reconcile && !PROVIDERS[body.provider]!.api?.listChanges) {
    throw new ApiError(422, "invalid_request", `reconcile: the ${body.provider} provider cannot list changes, so its sources cannot be reconciled (remove "reconcile")`);
  }
  const api = body.api === undefined || body.api === null ? body.api : sourceApi(body.provider, body.api);
  await existingTenant(c, tenant);
  const [before] = await listSources(c.env, tenant, source);
  if (before?.api && before.provider !== body.provider && body.api === undefined) {
    // The stored connection was validated for the other provider's client: it cannot be kept.
    throw new ApiError(422, "invalid_request", `api: the source's provider changes from "${before.provider}" to "${body.provider}": give its api again, or "api": null`);
  }
  const { reconcile, ...sourceInput } = body;
  const { created } = await putSource(c.env, tenant, source, { ...sourceInput, options: options.data, api });
  if (reconcile !== undefined) await putReconcileSettings(c.env.DB, tenant, source, reconcile && { everySeconds: reconcile.every, lookbackHours: reconcile.lookbackHours });
  const [after] = await listSources(c.env, tenant, source);
  // The listing shows `api` without its secrets; the record says whether this request replaced it.
  await recordChange(c, {
    tenantId: tenant,
    action: "source.put",
    target: source,
    before: before ? { ...before, secrets: "[redacted]" } : null,
    after: { ...after, secrets: body.secrets, ...(body.api !== undefined ? { apiReplaced: true } : {}) },
  });
  return c.json(
    {
      tenant,
      source,
      provider: body.provider,
      secrets: body.secrets.length,
      options: body.options,
      ...(after?.api ? { api: after.api } : {}),
      ...(reconcile !== undefined ? { reconcile: reconcile && { every: everyText(reconcile.every), lookbackHours: reconcile.lookbackHours } } : {}),
      webhookPath: `/webhooks/${tenant}/${source}`,
    },
    created ? 201 : 200,
  );
});

/** The provider's host; a provider without one (a WooCommerce shop is its own host) says baseUrl is required. */
function defaultBaseUrl(client: NonNullable<(typeof PROVIDERS)[string]["api"]>, credentials: Record<string, unknown>): string {
  try {
    return client.defaultBaseUrl(credentials);
  } catch (err) {
    throw new ApiError(422, "invalid_request", `api.baseUrl: ${err instanceof Error ? err.message : "required"}`);
  }
}

/** Validates `api` with the provider's own schema (plus `baseUrl`); errors name the field, never a value. */
function sourceApi(providerId: string, input: Record<string, unknown>): SourceApiInput {
  const client = PROVIDERS[providerId]?.api;
  if (!client) {
    throw new ApiError(422, "invalid_request", `api: provider "${providerId}" has no API client, so a source of it takes no "api" (remove the field)`);
  }
  const { baseUrl, ...rest } = input;
  const url = baseUrl === undefined ? undefined : apiBaseUrl.safeParse(baseUrl);
  if (url && !url.success) throw new ApiError(422, "invalid_request", `api.baseUrl: ${url.error.issues[0]?.message ?? "invalid"}`);
  const parsed = client.credentialsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? `.${issue.keys.join(",")}` : "";
    const field = ["api", ...(issue?.path ?? [])].join(".") + keys;
    throw new ApiError(422, "invalid_request", `${field}: ${issue?.message ?? "invalid"}`);
  }
  const credentials: Record<string, unknown> = { ...parsed.data, ...(url?.success ? { baseUrl: url.data.replace(/\/+$/, "") } : {}) };
  const shown: Record<string, unknown> = { baseUrl: (url?.success ? url.data : defaultBaseUrl(client, parsed.data)).replace(/\/+$/, "") };
  for (const key of client.publicFields ?? []) if (credentials[key] !== undefined) shown[key] = credentials[key];
  return { credentials, shown };
}

admin.post("/tenants/:tenant/tokens", async (c) => {
  const tenant = c.req.param("tenant");
  const body = await parseJsonBody(c, tokenBody);
  await existingTenant(c, tenant);
  const token = newSecretToken("owr_");
  const id = `tok_${newUlid()}`;
  const expiresAt = body.expiresAt ?? (body.expiresInDays !== undefined ? Date.now() + body.expiresInDays * 86_400_000 : null);
  await insertApiToken(c.env, { id, tenantId: tenant, role: body.role, tokenHash: await sha256Hex(token), expiresAt });
  const shown = { id, tenant, role: body.role, expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() };
  await recordChange(c, { tenantId: tenant, action: "token.create", target: id, before: null, after: shown });
  // The one time the token is shown; the change record never holds it.
  return c.json({ ...shown, token }, 201);
});

/**
 * SECRETS_KEY rotation, step 2: moves every sealed value to the current key id, a page at a time
 * (call again while `done` is false). Both keys open values meanwhile: no downtime.
 */
admin.post("/secrets/reseal", async (c) => {
  const report = await resealSecrets(c.env.DB, keyRingOf(c.env));
  await recordChange(c, { tenantId: null, action: "secrets.reseal", after: report });
  return c.json(report);
});

admin.get("/tenants/:tenant/odoo/check", async (c) => {
  const tenant = c.req.param("tenant");
  const check = await runTenantCheck(c.env, tenant);
  if (!check) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
  // Who owns which field, as the writers apply it (defaults + the routing's `ownership`).
  const { routing } = await getRouting(c.env.DB, tenant);
  const ownership = { unlisted: "provider", models: effectiveOwnership(routing) };
  return c.json({ ...check, ownership });
});

admin.put("/tenants/:tenant/routing", async (c) => {
  const tenant = c.req.param("tenant");
  const routing = await parseJsonBody(c, routingSchema);
  await existingTenant(c, tenant);
  // The way back: every `to` must be a source of this tenant with an API connection, every flow
  // registered and allowed by the ownership (src/outbound/governance.ts).
  const outboundProblem = outboundRoutingProblem(routing, await listSources(c.env, tenant));
  if (outboundProblem) throw new ApiError(422, "invalid_request", `${outboundProblem.path}: ${outboundProblem.message}`);
  const before = await getRouting(c.env.DB, tenant);
  const version = await putRouting(c.env.DB, tenant, routing);
  await recordChange(c, { tenantId: tenant, action: "routing.put", target: `v${version}`, before, after: { version, routing } });
  return c.json({ tenant, version, routing }, 201);
});

admin.get("/tenants/:tenant/routing", async (c) => {
  const tenant = c.req.param("tenant");
  await existingTenant(c, tenant);
  return c.json({ tenant, ...(await getRouting(c.env.DB, tenant)) });
});
