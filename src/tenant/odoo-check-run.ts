/**
 * Running the Odoo check (odoo/check.ts) for a stored tenant: with its connection, its sources'
 * kinds and currencies and its routing. Every run is recorded in the tenant's gate, so health can
 * tell a tenant whose Odoo answered from one the router never reached. PUT tenant runs it after
 * the save with a short timeout: the answer carries the result, the save never waits on Odoo.
 */
import type { Env } from "../env";
import { getOdooConnection, sourceCurrencies, sourceFeeds } from "../db/tenants";
import { getRouting } from "../db/routings";
import { storedRegion } from "../db/tenant-regions";
import { checkOdoo, kindsOf, type OdooCheck } from "../odoo/check";
import { odooClient } from "../odoo/connect";
import { schemaAware } from "../odoo/schema";
import { gateNamespace } from "./region";
import { checkOdooSources, type OdooSourceCheck } from "../odoo/source/automation-check";
import { majorVersion } from "../odoo/source/watches";

/** How long PUT tenant waits for the check before answering without it. */
export const SAVE_CHECK_TIMEOUT_MS = 5_000;

export type TenantCheck = OdooCheck & { tenant: string; url: string; database: string; protocol: string; odooSources?: OdooSourceCheck[] };

/** null: no such tenant. */
export async function runTenantCheck(env: Env, tenant: string): Promise<TenantCheck | null> {
  const connection = await getOdooConnection(env, tenant);
  if (!connection) return null;
  const [feeds, currencies, { routing }, region] = await Promise.all([
    sourceFeeds(env, tenant),
    sourceCurrencies(env, tenant),
    getRouting(env.DB, tenant),
    storedRegion(env, tenant),
  ]);
  let check: OdooCheck;
  try {
    const { kinds, needsApi } = kindsOf(feeds);
    const odoo = schemaAware(odooClient(connection), connection);
    check = await checkOdoo(odoo, kinds, routing, currencies, needsApi);
    // The way back: the Odoo sources' rules and rights (nothing when the tenant has none).
    const odooSources = check.authenticated ? await checkOdooSources(env, tenant, odoo, majorVersion(check.serverVersion)) : [];
    if (odooSources.length) {
      const problems = odooSources.flatMap((s) => s.problems);
      check = { ...check, odooSources, problems: [...check.problems, ...problems], ok: check.ok && problems.length === 0 } as OdooCheck;
    }
  } catch (err) {
    // The probe's failures are the check's own answer; a failure after it (a call refused midway)
    // is reported the same way rather than as a 500.
    check = { ...emptyCheck(), authenticated: true, problems: [`the check stopped: ${err instanceof Error ? err.message : String(err)}`] };
  }
  await gateNamespace(env, region)
    .getByName(tenant)
    .recordCheck(check.authenticated ? null : (check.problems[0] ?? "Odoo refused the login"));
  return { tenant, url: connection.url, database: connection.database, protocol: connection.protocol, ...check };
}

/** The check, or after `timeoutMs` a result saying Odoo did not answer in time (it runs on). */
export async function checkWithin(env: Env, tenant: string, timeoutMs = SAVE_CHECK_TIMEOUT_MS): Promise<OdooCheck & { timedOut?: true }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<OdooCheck & { timedOut: true }>((resolve) => {
    timer = setTimeout(
      () => resolve({ ...emptyCheck(), timedOut: true, problems: [`Odoo did not answer the check within ${timeoutMs / 1000} s; run GET /v1/admin/tenants/${tenant}/odoo/check`] }),
      timeoutMs,
    );
  });
  try {
    const check = await Promise.race([runTenantCheck(env, tenant), timeout]);
    return check ?? { ...emptyCheck(), problems: [`no tenant "${tenant}"`] };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function emptyCheck(): OdooCheck {
  return { ok: false, authenticated: false, uid: null, serverVersion: null, kinds: [], rights: [], missingFields: [], currencies: [], needsApi: [], problems: [], odooCalls: 0 };
}

/**
 * Hints on an Odoo URL that is probably not Odoo's base URL: the router appends /jsonrpc or
 * /json/2 itself, so a URL copied from the browser (…/odoo, …/web) or an endpoint fails.
 */
export function odooUrlHints(url: string): string[] {
  const path = new URL(url).pathname.replace(/\/+$/, "");
  const suffix = /\/(odoo|web|jsonrpc|json\/2|xmlrpc\/2(?:\/\w+)?)$/.exec(path)?.[0];
  if (!suffix) return [];
  const base = url.replace(/\/+$/, "").slice(0, -suffix.length) || new URL(url).origin;
  return [`odoo.url ends in "${suffix}": the router wants Odoo's base URL (e.g. "${base}"); it adds /jsonrpc or /json/2 itself`];
}
