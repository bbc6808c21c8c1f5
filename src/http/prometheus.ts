/**
 * `GET /metrics` (admin bearer token): every tenant's metrics in the Prometheus text format, read
 * from each database that holds tenant data (the default one and each regional one bound).
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { tenantsByRegion } from "../db/tenant-regions";
import { readBacklog, readTotals } from "../db/metric-rollups";
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from "../metrics/prometheus";
import { REGIONS, tenantDb, regionUnavailable, type Region } from "../tenant/region";
import { requireAdmin } from "./auth";

export const prometheus = new Hono<AppEnv>();
prometheus.use("*", requireAdmin);

prometheus.get("/", async (c) => {
  const tenants = await tenantsByRegion(c.env);
  // Regions this deployment does not serve have no database (and so no tenants) to read.
  const regions: (Region | null)[] = [null, ...REGIONS.filter((r) => !regionUnavailable(c.env, r))];
  const parts = await Promise.all(
    regions.map(async (region) => {
      const db = tenantDb(c.env, region);
      const [totals, backlog] = await Promise.all([readTotals(db), readBacklog(db, tenants.get(region) ?? [])]);
      return { totals, backlog };
    }),
  );
  const body = prometheusText(
    parts.flatMap((p) => p.totals),
    parts.flatMap((p) => p.backlog),
  );
  return c.body(body, 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
});
