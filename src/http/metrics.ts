/**
 * Metrics (bearer tenant token or admin token; another tenant's -> 404, as the audit routes):
 *   GET /v1/tenants/{tenant}/metrics?from=&to=&bucket=minute|hour|day&source=&kind=
 *       -> {"tenant","from","to","bucket","series":[{source, kind, now, totals, points}]}
 * Read from the rollups the audit consumer writes (metrics/rollup.ts), in the tenant's own
 * database. Bad query -> 422 invalid_request naming the parameter.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { tenantRegion } from "../db/tenant-regions";
import { readBacklog, readBuckets } from "../db/metric-rollups";
import { buildSeries } from "../metrics/series";
import { tenantDb } from "../tenant/region";
import { ApiError } from "./errors";

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
/** Enough for a day of minutes or two months of hours; a larger answer asks for a larger bucket. */
const MAX_BUCKETS = 1_440;
const DEFAULT_RANGE_MS = 86_400_000;

const instant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO 8601 date-time, e.g. 2026-12-07T14:00:00Z")
  .transform((v) => Date.parse(v));

export const metricsQuery = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    bucket: z.enum(["minute", "hour", "day"]).default("hour"),
    source: z.string().min(1).optional(),
    kind: z.string().min(1).optional(),
  })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - DEFAULT_RANGE_MS;
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
    else if ((to - from) / BUCKET_MS[q.bucket] > MAX_BUCKETS) {
      ctx.addIssue({
        code: "custom",
        path: ["bucket"],
        message: `from..to spans more than ${MAX_BUCKETS} ${q.bucket}s: choose a larger bucket or a shorter range`,
      });
    }
    return { ...q, from, to };
  });

function queryError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || (issue && "keys" in issue ? (issue.keys as string[]).join(", ") : "") || "query";
  return new ApiError(422, "invalid_request", `${field}: ${issue?.message ?? "is invalid"}`);
}

/** Mounted inside the audit app, behind its tenant authentication. */
export const metricsApi = new Hono<AppEnv>();

metricsApi.get("/:tenant/metrics", async (c) => {
  const parsed = metricsQuery.safeParse(c.req.query());
  if (!parsed.success) throw queryError(parsed.error);
  const q = parsed.data;
  const tenant = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenant, readSettings(c.env).sourceCacheSeconds);
  const db = tenantDb(c.env, region);
  const [rows, backlog] = await Promise.all([
    readBuckets(db, { tenantId: tenant, from: q.from, to: q.to, bucketMs: BUCKET_MS[q.bucket], sourceId: q.source, kind: q.kind }),
    readBacklog(db, [tenant]),
  ]);
  const wanted = backlog.filter((b) => (q.source === undefined || b.sourceId === q.source) && (q.kind === undefined || b.kind === q.kind));
  return c.json({
    tenant,
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    bucket: q.bucket,
    series: buildSeries(rows, wanted),
  });
});
