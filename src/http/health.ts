/**
 * `GET /v1/tenants/{tenant}/health`: the state of the tenant's Odoo as deliveries see it (circuit
 * breaker, writes in flight, recent failures) and how many events are waiting or dead.
 */
import { Hono } from "hono";
import { and, count, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AppEnv } from "../env";
import { events } from "../db/schema";
import { readSettings } from "../env";
import { tenantRegion } from "../db/tenant-regions";
import { gateNamespace, tenantDb } from "../tenant/region";

/** Mounted inside the audit app, behind its tenant authentication. */
export const health = new Hono<AppEnv>();

health.get("/:tenant/health", async (c) => {
  const tenant = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenant, readSettings(c.env).sourceCacheSeconds);
  const [odoo, rows] = await Promise.all([
    gateNamespace(c.env, region).getByName(tenant).health(),
    drizzle(tenantDb(c.env, region))
      .select({ status: events.status, n: count() })
      .from(events)
      .where(and(eq(events.tenantId, tenant), inArray(events.status, ["accepted", "queued", "retrying", "dead"])))
      .groupBy(events.status),
  ]);
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return c.json({
    tenant,
    status: odoo.state === "closed" ? "ok" : "paused",
    odoo,
    events: {
      waiting: (byStatus.accepted ?? 0) + (byStatus.queued ?? 0),
      retrying: byStatus.retrying ?? 0,
      dead: byStatus.dead ?? 0,
    },
  });
});
