/**
 * Business exceptions (bearer tenant token or admin token; another tenant's -> 404):
 *   GET /v1/tenants/{tenant}/exceptions?type=&cursor=&limit=
 *       -> {"tenant","type","thresholds","items":[{type, source, kind, externalId, eventId, status,
 *           errorClass, error, odoo: {model, id, url} | null, since, ageMinutes}],"nextCursor"}
 * Types and thresholds: src/db/exceptions.ts and alerts/settings.ts (set with PUT
 * /v1/admin/tenants/{t}/alerts, `exceptions`). Event-based types are paged newest first.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { EXCEPTION_TYPES } from "../alerts/settings";
import { exceptionThresholds } from "../db/alert-settings";
import { lastDeliveries, listEventExceptions, silentSources, type EventExceptionType } from "../db/exceptions";
import { odooRecordUrl, tenantOdooUrl } from "../db/odoo-record-link";
import { listSources } from "../db/tenants";
import { EXCEPTION_TYPES as RECONCILIATION_TYPES, listReconciliationExceptions, type ExceptionType as ReconciliationType } from "../db/reconciliations";
import { tenantRegion } from "../db/tenant-regions";
import { tenantDb } from "../tenant/region";
import { ApiError } from "./errors";

export const exceptionsQuery = z.strictObject({
  type: z.enum(EXCEPTION_TYPES, { error: `must be one of ${EXCEPTION_TYPES.join(", ")}` }),
  cursor: z
    .string()
    .regex(/^(evt|rex)_[0-9A-Z]{26}$/, "is not a cursor returned by this API")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Mounted inside the audit app, behind its tenant authentication. */
export const exceptionsApi = new Hono<AppEnv>();

exceptionsApi.get("/:tenant/exceptions", async (c) => {
  const parsed = exceptionsQuery.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_request", `${issue?.path.join(".") || "query"}: ${issue?.message}`);
  }
  const q = parsed.data;
  // Event-based types page by event id, reconciliation types by exception id: a cursor of the
  // other family would silently restart or skip the listing.
  const reconciliationType = (RECONCILIATION_TYPES as readonly string[]).includes(q.type);
  if (q.cursor && q.cursor.startsWith("rex_") !== reconciliationType) {
    throw new ApiError(400, "invalid_request", `cursor: is not a cursor of type ${q.type}`);
  }
  const tenant = c.req.param("tenant");
  const now = Date.now();
  const [region, thresholds, odooUrl] = await Promise.all([
    tenantRegion(c.env, tenant, readSettings(c.env).sourceCacheSeconds),
    exceptionThresholds(c.env, tenant),
    tenantOdooUrl(c.env, tenant),
  ]);
  const db = tenantDb(c.env, region);
  let page;
  if (reconciliationType) {
    // Found by a reconciliation (src/reconcile/): both values, oldest finding first.
    const rows = await listReconciliationExceptions(db, tenant, { type: q.type as ReconciliationType, cursor: q.cursor, limit: q.limit });
    page = {
      items: rows.map((r) => ({
        type: r.type,
        source: r.source,
        kind: r.kind,
        externalId: r.externalId,
        eventId: null,
        status: null,
        errorClass: null,
        error: `the provider has ${JSON.stringify(r.provider)}, Odoo ${r.odooValue ? JSON.stringify(r.odooValue) : "nothing"}`,
        provider: r.provider,
        odooValue: r.odooValue,
        reconciliation: r.jobId,
        odoo: r.odoo,
        since: r.firstSeenAt,
        ageMinutes: Math.floor((now - Date.parse(r.firstSeenAt)) / 60_000),
      })),
      last: rows.length === q.limit ? (rows.at(-1)?.id ?? null) : null,
    };
  } else if (q.type === "source_silent") {
    const sources = await listSources(c.env, tenant);
    const last = await lastDeliveries(db, tenant, sources.map((s) => s.source));
    page = { items: silentSources(sources, last, thresholds, now), last: null };
  } else {
    page = await listEventExceptions(db, { tenantId: tenant, type: q.type as EventExceptionType, thresholds, before: q.cursor, limit: q.limit, now });
  }
  const items = page.items.map((item) => ({
    ...item,
    odoo: item.odoo ? { ...item.odoo, url: odooUrl ? odooRecordUrl(odooUrl, item.odoo) : null } : null,
  }));
  return c.json({ tenant, type: q.type, thresholds, items, nextCursor: page.last });
});
