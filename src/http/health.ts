/**
 * `GET /v1/tenants/{tenant}/health`: the state of the tenant's Odoo as deliveries see it (circuit
 * breaker, writes in flight, recent failures, last Odoo check) and how many events are waiting or
 * dead. `status` is one of:
 *   ok        Odoo has answered the router (a delivery or a check) and the recent calls did not all fail
 *   degraded  the router never reached this Odoo, its recent calls all failed, or the last check
 *             failed: `reason` says which (deliveries keep retrying meanwhile)
 *   paused    the circuit breaker is open: writes wait on the queue until a probe succeeds
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { countOpenEvents } from "../db/event-counts";
import { readSettings } from "../env";
import { tenantRegion } from "../db/tenant-regions";
import { gateNamespace, tenantDb } from "../tenant/region";
import type { GateHealth } from "../tenant/gate-store";
import { WAITING_STATUSES } from "../audit/audit-message";

export type HealthStatus = "ok" | "degraded" | "paused";

/** What the gate's evidence says of the tenant's Odoo, newest evidence first. */
export function assessOdoo(odoo: GateHealth): { status: HealthStatus; reason: string | null } {
  if (odoo.state !== "closed") return { status: "paused", reason: odoo.reason };
  // Every write of the window failed (however many of its calls were retried within the delivery).
  const { writes, failedWrites } = odoo.window;
  if (writes > 0 && failedWrites === writes) {
    return { status: "degraded", reason: `the last ${writes} write${writes === 1 ? "" : "s"} to Odoo all failed: ${odoo.lastError ?? "unknown error"}` };
  }
  const lastSuccess = odoo.lastSuccessAt ? Date.parse(odoo.lastSuccessAt) : null;
  const check = odoo.lastCheck;
  if (check && !check.ok && (lastSuccess === null || Date.parse(check.at) > lastSuccess)) {
    return { status: "degraded", reason: `the Odoo check at ${check.at} failed: ${check.error}` };
  }
  if (lastSuccess === null && !check?.ok) {
    return {
      status: "degraded",
      reason: odoo.lastError
        ? `the router has never reached this Odoo: ${odoo.lastError}`
        : "the router has not reached this Odoo yet: no delivery or Odoo check has succeeded (GET /v1/admin/tenants/{t}/odoo/check)",
    };
  }
  return { status: "ok", reason: null };
}

/** Mounted inside the audit app, behind its tenant authentication. */
export const health = new Hono<AppEnv>();

health.get("/:tenant/health", async (c) => {
  const tenant = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenant, readSettings(c.env).sourceCacheSeconds);
  const [odoo, rows] = await Promise.all([
    gateNamespace(c.env, region).getByName(tenant).health(),
    countOpenEvents(tenantDb(c.env, region), tenant),
  ]);
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return c.json({
    tenant,
    ...assessOdoo(odoo),
    odoo,
    events: {
      waiting: WAITING_STATUSES.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0),
      retrying: byStatus.retrying ?? 0,
      dead: byStatus.dead ?? 0,
    },
  });
});
