/**
 * Replays (bearer `operate` tenant token or admin token), mounted inside the audit app:
 *   POST /v1/tenants/{t}/replays  {status?, source?, kind?, type?, since?, until?, eventIds?, dryRun?}
 *        dryRun -> 200 {"dryRun":true,"count"}; else 202 {"jobId","count","status":"queued"}
 *   GET  /v1/tenants/{t}/replays/{jobId} -> progress
 * Without a status filter, a replay takes the tenant's dead events.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { tenantRegion } from "../db/tenant-regions";
import { tenantDb } from "../tenant/region";
import { EVENT_STATUSES, type EventStatus } from "../audit/audit-message";
import { countMatching, getJob, insertJob, newestEventId, presentJob } from "../db/replay-jobs";
import { newUlid } from "../ids";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";
import { recordChange } from "./changes";

const instant = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

export const replayBody = z
  .object({
    status: z.enum(EVENT_STATUSES as [EventStatus, ...EventStatus[]]).default("dead"),
    source: z.string().optional(),
    kind: z.string().optional(),
    type: z.string().optional(),
    since: instant.optional(),
    until: instant.optional(),
    eventIds: z.array(z.string()).min(1).max(1000).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();

export const replays = new Hono<AppEnv>();

replays.post("/:tenant/replays", async (c) => {
  const caller = c.get("caller");
  if (caller.kind === "tenant" && caller.role !== "operate") {
    throw new ApiError(403, "forbidden", "replays need an operate token");
  }
  const tenantId = c.req.param("tenant");
  const { dryRun, ...filter } = await parseJsonBody(c, replayBody);
  const region = await tenantRegion(c.env, tenantId, readSettings(c.env).sourceCacheSeconds);
  const db = tenantDb(c.env, region);
  const upperId = await newestEventId(db, tenantId);
  const total = upperId ? await countMatching(db, tenantId, filter, upperId) : 0;
  if (dryRun) return c.json({ dryRun: true, count: total, filter });
  if (!upperId || total === 0) return c.json({ jobId: null, count: 0, status: "done" }, 200);
  const jobId = `rpl_${newUlid()}`;
  await insertJob(db, { id: jobId, tenantId, filter, status: "queued", total, upperId, createdAt: Date.now() });
  await c.env.REPLAYS.send({ type: "replay-page", tenantId, jobId, ...(region ? { region } : {}) });
  // A dry run changes nothing and is not recorded; a replay is.
  await recordChange(c, { tenantId, action: "replay.create", target: jobId, before: null, after: { jobId, count: total, filter } });
  return c.json({ jobId, count: total, status: "queued" }, 202);
});

replays.get("/:tenant/replays/:jobId", async (c) => {
  const tenantId = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenantId, readSettings(c.env).sourceCacheSeconds);
  const job = await getJob(tenantDb(c.env, region), tenantId, c.req.param("jobId"));
  if (!job) throw new ApiError(404, "not_found", "no such replay job for this tenant");
  return c.json(presentJob(job));
});
