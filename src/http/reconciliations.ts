/**
 * Reconciliation (bearer tenant token or admin token; mounted inside the audit app):
 *   POST /v1/tenants/{t}/reconciliations {source, dryRun?, since?}  -> 202 the job (an operate token
 *        for a real run; a dry run lists and compares without feeding, any tenant token)
 *        409 reconciliation_running (the source's running job in the body) · 404 unknown_source ·
 *        422 reconcile_unsupported (the provider cannot list changes)
 *   GET  /v1/tenants/{t}/reconciliations?source=&cursor=&limit=     -> jobs, oldest first
 *   GET  /v1/tenants/{t}/reconciliations/{id}?cursor=&limit=        -> the job (progress, counts,
 *        state running|done|failed with the error, horizon warning) and the exceptions it found
 *   GET  /v1/tenants/{t}/reconciliation-exceptions?source=&type=&cursor=&limit=
 *        -> what still differs between the providers and Odoo, with both values
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { tenantRegion } from "../db/tenant-regions";
import { EXCEPTION_TYPES, getJob, listJobs, listReconciliationExceptions, presentJob, type ExceptionType } from "../db/reconciliations";
import { ReconcileRefusal, startReconciliation } from "../reconcile/start";
import { tenantDb } from "../tenant/region";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";
import { recordChange } from "./changes";

export const reconciliationBody = z
  .object({
    source: z.string().min(1),
    dryRun: z.boolean().default(false),
    /** Re-check from this instant instead of the source's watermark. */
    since: z.iso.datetime({ offset: true }).transform((v) => Date.parse(v)).optional(),
  })
  .strict();

const cursorOf = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-Z]{26}$`), "is not a cursor returned by this API")
    .optional();
const limit = z.coerce.number().int().min(1).max(200).default(50);
/** One job: the page of the exceptions it found (cursor: an exception id). */
export const jobQuery = z.object({ cursor: cursorOf("rex"), limit });
export const jobsQuery = z.object({ source: z.string().optional(), cursor: cursorOf("rec"), limit });
export const reconciliationExceptionsQuery = z.object({
  source: z.string().optional(),
  type: z.enum(EXCEPTION_TYPES as [ExceptionType, ...ExceptionType[]]).optional(),
  cursor: cursorOf("rex"),
  limit,
});

function query<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_request", `${issue?.path.join(".") || "query"}: ${issue?.message}`);
  }
  return parsed.data;
}

export const reconciliationsApi = new Hono<AppEnv>();

async function dbOf(c: { env: AppEnv["Bindings"] }, tenantId: string) {
  return tenantDb(c.env, await tenantRegion(c.env, tenantId, readSettings(c.env).sourceCacheSeconds));
}

reconciliationsApi.post("/:tenant/reconciliations", async (c) => {
  const tenantId = c.req.param("tenant");
  const body = await parseJsonBody(c, reconciliationBody);
  const caller = c.get("caller");
  if (!body.dryRun && caller.kind === "tenant" && caller.role !== "operate") {
    throw new ApiError(403, "forbidden", "a reconciliation feeds events to Odoo: it needs an operate token (a read token may ask for a dryRun)");
  }
  let result;
  try {
    result = await startReconciliation(c.env, { tenantId, sourceId: body.source, trigger: "request", dryRun: body.dryRun, ...(body.since !== undefined ? { since: body.since } : {}) });
  } catch (err) {
    if (err instanceof ReconcileRefusal) throw new ApiError(err.status, err.code, err.message);
    throw err;
  }
  if (result.status === "running") {
    return c.json(
      { error: { code: "reconciliation_running", message: `source "${body.source}" is being reconciled (job ${result.job.id}): wait for it to finish`, requestId: c.get("requestId") }, job: presentJob(result.job) },
      409,
    );
  }
  if (!body.dryRun) await recordChange(c, { tenantId, action: "reconciliation.create", target: result.job.id, before: null, after: { source: body.source, since: body.since ?? null } });
  return c.json(presentJob(result.job), 202);
});

reconciliationsApi.get("/:tenant/reconciliations", async (c) => {
  const tenantId = c.req.param("tenant");
  const q = query(jobsQuery, c.req.query());
  const jobs = await listJobs(await dbOf(c, tenantId), tenantId, q);
  return c.json({ items: jobs.map(presentJob), nextCursor: jobs.length === q.limit ? jobs.at(-1)!.id : null });
});

reconciliationsApi.get("/:tenant/reconciliations/:id", async (c) => {
  const tenantId = c.req.param("tenant");
  const q = query(jobQuery, c.req.query());
  const db = await dbOf(c, tenantId);
  const job = await getJob(db, tenantId, c.req.param("id"));
  if (!job) throw new ApiError(404, "not_found", "no such reconciliation for this tenant");
  const exceptions = await listReconciliationExceptions(db, tenantId, { jobId: job.id, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
  return c.json({ ...presentJob(job), exceptions: { items: exceptions, nextCursor: exceptions.length === q.limit ? exceptions.at(-1)!.id : null } });
});

reconciliationsApi.get("/:tenant/reconciliation-exceptions", async (c) => {
  const tenantId = c.req.param("tenant");
  const q = query(reconciliationExceptionsQuery, c.req.query());
  const items = await listReconciliationExceptions(await dbOf(c, tenantId), tenantId, q);
  return c.json({ items, nextCursor: items.length === q.limit ? items.at(-1)!.id : null });
});
