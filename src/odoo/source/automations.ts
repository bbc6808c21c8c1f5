/**
 * Provisioning as the admin API runs it for one Odoo source of a tenant (src/http/odoo-automations.ts,
 * and the state the Odoo check reports): the source, its newest token, the tenant's Odoo and
 * version, the routing's watches. Errors are the API's own (ApiError): the caller's to fix.
 */
import type { Env } from "../../env";
import { getRouting } from "../../db/routings";
import { getOdooConnection, getSourceConfig, setSourceOptions } from "../../db/tenants";
import { ApiError } from "../../http/errors";
import type { OdooClient } from "../client";
import { odooClient } from "../connect";
import { OdooError } from "../errors";
import { ODOO_PROVIDER, odooSourceOptionsSchema, type OdooSourceOptions } from "./options";
import { callbackUrl, carriesToken, compareRules, findRules, provisionRules, recordedRules, removeRules, wantedRules, type RuleState } from "./provisioning";
import { majorVersion, registeredFlows, watchesOf, type FlowModules } from "./watches";

export interface OdooSourceContext {
  tenant: string;
  source: string;
  /** The newest secret: the token provisioned URLs carry. */
  token: string;
  options: OdooSourceOptions;
  rawOptions: Record<string, unknown>;
  odoo: OdooClient;
  version: number;
}

/** The tenant's Odoo source `source` and its Odoo (authenticated, version read). */
export async function openOdooSource(env: Env, tenant: string, source: string, deps: { odoo?: (env: Env, tenant: string) => Promise<OdooClient | null> } = {}): Promise<OdooSourceContext> {
  const config = await getSourceConfig(env, tenant, source, 0);
  if (!config) {
    const connection = await getOdooConnection(env, tenant);
    if (!connection) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
    throw new ApiError(404, "unknown_source", `no source "${source}" for tenant "${tenant}" (PUT .../sources/${source} with provider "odoo")`);
  }
  if (config.provider !== ODOO_PROVIDER) throw new ApiError(422, "invalid_request", `source: "${source}" is a ${config.provider} source; automations call an Odoo source (provider "odoo")`);
  const odoo = deps.odoo ? await deps.odoo(env, tenant) : await tenantOdoo(env, tenant);
  if (!odoo) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
  let serverVersion: string | null;
  try {
    serverVersion = (await odoo.probe()).serverVersion;
  } catch (err) {
    throw new ApiError(502, "odoo_unreachable", `the tenant's Odoo could not be reached or refused the login: ${err instanceof Error ? err.message : String(err)}`);
  }
  const version = majorVersion(serverVersion);
  if (version === null) throw new ApiError(502, "odoo_unreachable", "the tenant's Odoo did not say its version (common.version)");
  return {
    tenant,
    source,
    token: config.secrets[0]!,
    options: odooSourceOptionsSchema.parse(config.options),
    rawOptions: config.options,
    odoo,
    version,
  };
}

async function tenantOdoo(env: Env, tenant: string): Promise<OdooClient | null> {
  const connection = await getOdooConnection(env, tenant);
  return connection ? odooClient(connection) : null;
}

/** Odoo 16 has no "Send Webhook Notification" action: its changes are polled. */
export function refuseBefore17(ctx: OdooSourceContext): void {
  if (ctx.version >= 17) return;
  throw new ApiError(
    409,
    "automations_unsupported",
    `Odoo ${ctx.version} has no webhook action (it came with 17.0): the router polls this Odoo's changes instead, every ${ctx.options.pollSeconds} s (the source's pollSeconds)`,
  );
}

const redact = (url: string) => url.replace(/([?&]token=)[^&]*/, "$1[redacted]");

export async function provisionAutomations(env: Env, ctx: OdooSourceContext, publicUrl: string, modules: FlowModules = registeredFlows) {
  refuseBefore17(ctx);
  const { routing } = await getRouting(env.DB, ctx.tenant);
  const url = callbackUrl(publicUrl, ctx.tenant, ctx.source, ctx.token);
  const wanted = wantedRules(watchesOf(routing, ctx.version, modules), ctx.source, url);
  let result: Awaited<ReturnType<typeof provisionRules>>;
  try {
    result = await provisionRules(ctx.odoo, wanted, ctx.source);
  } catch (err) {
    throw odooFailure(err);
  }
  // What a callback is checked against, and the version that decides the settle delay.
  await setSourceOptions(env, ctx.tenant, ctx.source, { ...ctx.rawOptions, odooVersion: ctx.version, rules: recordedRules(result.outcomes) });
  return {
    tenant: ctx.tenant,
    source: ctx.source,
    odooVersion: ctx.version,
    callbackUrl: redact(url),
    ok: result.outcomes.every((o) => o.status !== "failed"),
    items: result.outcomes,
    removed: result.removed.map((r) => ({ name: r.name, ruleId: r.ruleId })),
  };
}

/** The wanted rules' state in Odoo (present, active, URL with the newest token, definition current). */
export async function automationStates(env: Env, ctx: OdooSourceContext, modules: FlowModules = registeredFlows): Promise<{ states: RuleState[]; stray: { name: string; ruleId: number }[] }> {
  const { routing } = await getRouting(env.DB, ctx.tenant);
  const wanted = wantedRules(watchesOf(routing, ctx.version, modules), ctx.source, "");
  let found;
  try {
    found = await findRules(ctx.odoo, ctx.source);
  } catch (err) {
    throw odooFailure(err);
  }
  const { states, stray } = compareRules(wanted, found, carriesToken(ctx.tenant, ctx.source, ctx.token));
  return { states, stray: stray.map((r) => ({ name: r.name, ruleId: r.ruleId })) };
}

export async function removeAutomations(env: Env, ctx: OdooSourceContext) {
  refuseBefore17(ctx);
  let found;
  try {
    found = await findRules(ctx.odoo, ctx.source);
    await removeRules(ctx.odoo, found);
  } catch (err) {
    throw odooFailure(err);
  }
  await setSourceOptions(env, ctx.tenant, ctx.source, { ...ctx.rawOptions, odooVersion: ctx.version, rules: [] });
  return { tenant: ctx.tenant, source: ctx.source, removed: found.map((r) => ({ name: r.name, ruleId: r.ruleId })) };
}

/** Odoo refusing (rights) is the operator's to fix: 502 with Odoo's words, never a 500. */
function odooFailure(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof OdooError && err.category === "business" ? " (the API user needs Administration/Settings rights to manage automation rules)" : "";
  return new ApiError(502, "odoo_unreachable", `Odoo refused or failed: ${message}${hint}`);
}
