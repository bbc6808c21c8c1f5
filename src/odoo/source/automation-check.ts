/**
 * The Odoo check's part for Odoo sources (GET /v1/admin/tenants/{t}/odoo/check): per Odoo source of
 * the tenant, the provisioned rules' state (missing, disabled, calling an old token, outdated) and
 * the API user's rights the way back needs (read the watched models; on 17+ manage automation rules
 * and server actions). Nothing is changed: POST .../odoo/automations repairs.
 */
import type { Env } from "../../env";
import { getRouting } from "../../db/routings";
import { getSourceConfig, listSources } from "../../db/tenants";
import type { OdooClient } from "../client";
import { hasRight } from "../check";
import { carriesToken, compareRules, findRules, wantedRules, type RuleState } from "./provisioning";
import { ODOO_PROVIDER, odooSourceOptionsSchema } from "./options";
import { watchesOf } from "./watches";

export interface OdooSourceCheck {
  source: string;
  /** "callbacks" where rules can be installed (17+), else "polling" only. */
  mode: "callbacks" | "polling";
  pollSeconds: number;
  rules: RuleState[];
  rights: { model: string; operation: string; allowed: boolean | null }[];
  problems: string[];
}

const MANAGE = ["read", "create", "write", "unlink"] as const;

export async function checkOdooSources(env: Env, tenant: string, odoo: OdooClient, version: number | null): Promise<OdooSourceCheck[]> {
  const sources = (await listSources(env, tenant)).filter((s) => s.provider === ODOO_PROVIDER);
  if (sources.length === 0) return [];
  const { routing } = await getRouting(env.DB, tenant);
  const watches = watchesOf(routing, version ?? 16);
  const out: OdooSourceCheck[] = [];
  for (const { source } of sources) {
    const config = await getSourceConfig(env, tenant, source, 0);
    if (!config) continue;
    const options = odooSourceOptionsSchema.parse(config.options);
    const callbacks = version !== null && version >= 17;
    const problems: string[] = [];
    const label = `Odoo source "${source}"`;
    const needs = new Map<string, readonly string[]>(watches.map((w) => [w.watch.model, ["read"]]));
    if (callbacks) {
      needs.set("base.automation", MANAGE);
      needs.set("ir.actions.server", MANAGE);
    }
    const rights: OdooSourceCheck["rights"] = [];
    for (const [model, operations] of needs) {
      for (const operation of operations) {
        const allowed = await hasRight(odoo, model, operation);
        rights.push({ model, operation, allowed });
        const why = model === "base.automation" || model === "ir.actions.server" ? " (managing automation rules needs Administration/Settings)" : " (the poller and the flows read it)";
        if (allowed === false) problems.push(`${label}: the API user may not ${operation} ${model}${why}`);
      }
    }
    let rules: RuleState[] = [];
    if (callbacks && watches.length > 0) {
      try {
        const found = await findRules(odoo, source);
        ({ states: rules } = compareRules(wantedRules(watches, source, ""), found, carriesToken(tenant, source, config.secrets[0]!)));
      } catch (err) {
        problems.push(`${label}: could not read its automation rules: ${err instanceof Error ? err.message : String(err)}`);
      }
      const fix = `POST /v1/admin/tenants/${tenant}/odoo/automations {"source":"${source}"} repairs it; meanwhile changes are polled every ${options.pollSeconds} s`;
      for (const r of rules) {
        if (!r.present) problems.push(`${label}: no automation rule for ${r.flow} on ${r.model} (${fix})`);
        else if (!r.active) problems.push(`${label}: the automation rule "${r.name}" is disabled in Odoo (${fix})`);
        else if (!r.urlCurrent) problems.push(`${label}: the automation rule "${r.name}" calls another URL or an old token (${fix})`);
        else if (!r.definitionCurrent) problems.push(`${label}: the automation rule "${r.name}" sends other fields or has another domain than the ${r.flow} flow needs (${fix})`);
      }
    }
    out.push({ source, mode: callbacks ? "callbacks" : "polling", pollSeconds: options.pollSeconds, rules, rights, problems });
  }
  return out;
}
