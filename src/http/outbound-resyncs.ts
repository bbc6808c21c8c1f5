/**
 * Resyncs of the way back (bearer tenant token or admin token; mounted inside the audit app):
 *   POST /v1/tenants/{t}/outbound/resyncs {flow, dryRun?, source?} -> 202 the job (an operate token
 *        for a real run; a dry run counts without feeding, any tenant token)
 *        400 invalid_request (unknown flow) · 422 flow_not_routed (routing has no outbound.<flow>,
 *        or its module is missing, or the ownership keeps it in) · 422 no_odoo_source · 404 unknown_source
 *   GET  /v1/tenants/{t}/outbound/resyncs/{id} -> the job: state running|done|failed, listed, fed
 * See src/outbound/resync.ts.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { getResync, presentResync } from "../db/outbound-resyncs";
import { tenantRegion } from "../db/tenant-regions";
import { ResyncRefusal, startResync } from "../outbound/resync";
import { tenantDb } from "../tenant/region";
import { recordChange } from "./changes";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";

export const resyncBody = z
  .object({
    /** One of the outbound flows (stock, shipment, ...); checked against them with a 400. */
    flow: z.string().min(1),
    dryRun: z.boolean().default(false),
    /** The Odoo source to feed on; default: the tenant's only source of provider "odoo". */
    source: z.string().min(1).optional(),
  })
  .strict();

export const outboundResyncsApi = new Hono<AppEnv>();

outboundResyncsApi.post("/:tenant/outbound/resyncs", async (c) => {
  const tenantId = c.req.param("tenant");
  const body = await parseJsonBody(c, resyncBody);
  const caller = c.get("caller");
  if (!body.dryRun && caller.kind === "tenant" && caller.role !== "operate") {
    throw new ApiError(403, "forbidden", "a resync sends Odoo's state to the providers: it needs an operate token (a read token may ask for a dryRun)");
  }
  let job;
  try {
    job = await startResync(c.env, { tenantId, flow: body.flow, dryRun: body.dryRun, source: body.source });
  } catch (err) {
    if (err instanceof ResyncRefusal) throw new ApiError(err.status, err.code, err.message);
    throw err;
  }
  if (!body.dryRun) await recordChange(c, { tenantId, action: "outbound.resync", target: job.id, before: null, after: { flow: body.flow } });
  return c.json(presentResync(job), 202);
});

outboundResyncsApi.get("/:tenant/outbound/resyncs/:id", async (c) => {
  const tenantId = c.req.param("tenant");
  const db = tenantDb(c.env, await tenantRegion(c.env, tenantId, readSettings(c.env).sourceCacheSeconds));
  const job = await getResync(db, tenantId, c.req.param("id"));
  if (!job) throw new ApiError(404, "not_found", "no such outbound resync for this tenant");
  return c.json(presentResync(job));
});
