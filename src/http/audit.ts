/**
 * Audit API (bearer tenant token or admin token):
 *   GET /v1/tenants/{tenant}/events?status=&source=&type=&errorClass=&direction=&since=&until=&cursor=&limit=
 *       direction: outbound (Odoo's changes sent to providers) or inbound (everything else)
 *       -> {"items":[...],"nextCursor":...}, newest first
 *   GET /v1/tenants/{tenant}/events/{eventId} -> the event, its timeline and the Odoo record written
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { tenantRegion } from "../db/tenant-regions";
import { tenantDb } from "../tenant/region";
import { EVENT_STATUSES, type EventStatus } from "../audit/audit-message";
import { DIRECTIONS, getEventWithTimeline, listEvents } from "../audit/event-records";
import { ERROR_CLASSES } from "../audit/error-class";
import { linkToOdooRecord } from "../db/odoo-record-link";
import { requireTenantReader } from "./auth";
import { health } from "./health";
import { replays } from "./replays";
import { reconciliationsApi } from "./reconciliations";
import { erasuresApi } from "./erasures";
import { tenantChangesApi } from "./changes";
import { metricsApi } from "./metrics";
import { exceptionsApi } from "./exceptions";
import { tenantAlertsApi } from "./alerts";
import { outboundResyncsApi } from "./outbound-resyncs";
import { ApiError } from "./errors";

const instant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO 8601 date-time")
  .transform((v) => Date.parse(v));

export const listQuery = z.object({
  status: z.enum(EVENT_STATUSES as [EventStatus, ...EventStatus[]]).optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  errorClass: z.enum(ERROR_CLASSES).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  since: instant.optional(),
  until: instant.optional(),
  cursor: z
    .string()
    .regex(/^evt_[0-9A-Z]{26}$/, "is not a cursor returned by this API")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const audit = new Hono<AppEnv>();
audit.use("/:tenant/*", requireTenantReader);
audit.route("/", health);
audit.route("/", replays);
audit.route("/", reconciliationsApi);
audit.route("/", erasuresApi);
audit.route("/", tenantChangesApi);
audit.route("/", metricsApi);
audit.route("/", exceptionsApi);
audit.route("/", tenantAlertsApi);
audit.route("/", outboundResyncsApi);

audit.get("/:tenant/events", async (c) => {
  const parsed = listQuery.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_request", `${issue?.path.join(".") || "query"}: ${issue?.message}`);
  }
  const q = parsed.data;
  const tenant = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenant, readSettings(c.env).sourceCacheSeconds);
  const { items, last } = await listEvents(tenantDb(c.env, region), {
    tenantId: tenant,
    status: q.status,
    sourceId: q.source,
    type: q.type,
    errorClass: q.errorClass,
    direction: q.direction,
    since: q.since,
    until: q.until,
    before: q.cursor,
    limit: q.limit,
  });
  // The cursor is the last id of the page: ids sort by time, so the next page is "older than it".
  return c.json({ items, nextCursor: last });
});

audit.get("/:tenant/events/:eventId", async (c) => {
  const tenant = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenant, readSettings(c.env).sourceCacheSeconds);
  const event = await getEventWithTimeline(tenantDb(c.env, region), tenant, c.req.param("eventId"));
  if (!event) throw new ApiError(404, "not_found", "no such event for this tenant");
  // The record's link in the tenant's Odoo web client (the console's "open in Odoo").
  if (!event.odoo) return c.json(event);
  return c.json({ ...event, odoo: { ...event.odoo, url: await linkToOdooRecord(c.env, tenant, event.odoo) } });
});
