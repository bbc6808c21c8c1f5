/**
 * `GET /v1/admin/tenants/{t}/odoo/check`: can the router write to this tenant's Odoo? Authenticates,
 * reads the server version, and asks Odoo for the API user's rights on every model the router
 * writes (check_access_rights up to Odoo 18, has_access from 18 on), without writing anything.
 */
import type { OdooClient } from "./client";
import { OdooError } from "./errors";

/** What the Odoo flows write and read (src/odoo/writers). */
export const REQUIRED_RIGHTS: readonly { model: string; operations: readonly string[] }[] = [
  { model: "res.partner", operations: ["read", "create", "write"] },
  { model: "product.product", operations: ["read", "create", "write"] },
  { model: "sale.order", operations: ["read", "create", "write"] },
  { model: "sale.order.line", operations: ["read", "create", "unlink"] },
  { model: "res.country", operations: ["read"] },
  { model: "res.country.state", operations: ["read"] },
];

export interface OdooCheck {
  ok: boolean;
  authenticated: boolean;
  uid: number | null;
  serverVersion: string | null;
  rights: { model: string; operation: string; allowed: boolean | null }[];
  problems: string[];
  odooCalls: number;
}

export async function checkOdoo(odoo: OdooClient): Promise<OdooCheck> {
  const problems: string[] = [];
  let probe: { uid: number; serverVersion: string | null };
  try {
    probe = await odoo.probe();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, authenticated: false, uid: null, serverVersion: null, rights: [], problems: [message], odooCalls: odoo.calls };
  }
  const rights: OdooCheck["rights"] = [];
  for (const { model, operations } of REQUIRED_RIGHTS) {
    for (const operation of operations) {
      const allowed = await hasRight(odoo, model, operation);
      rights.push({ model, operation, allowed });
      if (allowed === false) problems.push(`the API user may not ${operation} ${model}`);
      if (allowed === null) problems.push(`could not check the right to ${operation} ${model}`);
    }
  }
  const major = Number.parseInt((probe.serverVersion ?? "").replace(/^saas~/, ""), 10);
  if (Number.isFinite(major) && major < 17) problems.push(`Odoo ${probe.serverVersion} is older than the supported 17.0`);
  return {
    ok: problems.length === 0,
    authenticated: true,
    uid: probe.uid,
    serverVersion: probe.serverVersion,
    rights,
    problems,
    odooCalls: odoo.calls,
  };
}

async function hasRight(odoo: OdooClient, model: string, operation: string): Promise<boolean | null> {
  try {
    return Boolean(await odoo.call(model, "check_access_rights", [operation], { raise_exception: false }));
  } catch (err) {
    if (!(err instanceof OdooError) || err.category !== "business") return null;
  }
  try {
    // Newer Odoo: has_access on an empty recordset answers the model-level right.
    return Boolean(await odoo.call(model, "has_access", [[], operation]));
  } catch {
    return null;
  }
}
