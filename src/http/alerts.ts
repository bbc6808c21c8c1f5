/**
 * Alerts (README, "Business exceptions and alerts"):
 *   PUT  /v1/admin/tenants/{t}/alerts        rules, webhook, odooActivity, exception thresholds (admin)
 *   GET  /v1/admin/tenants/{t}/alerts        the same, without the webhook secret (admin)
 *   GET  /v1/tenants/{t}/alerts?state=&cursor=&limit=   alerts newest first (tenant token or admin)
 *   GET  /v1/tenants/{t}/alerts/{id}         one alert with its webhook notifications and attempts
 *   POST /v1/tenants/{t}/alerts/{id}/ack     open -> acknowledged (operate token or admin)
 * Rule changes and acknowledgements go to the change log (alerts.put, alert.ack).
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { alertSettingsBody, presentSettings } from "../alerts/settings";
import { getAlertSettings, putAlertSettings } from "../db/alert-settings";
import { acknowledgeAlert, getAlert, listAlerts, notificationsOf, presentAlert } from "../db/alerts";
import { tenantExists } from "../db/tenants";
import { keyRingOf } from "../security/secret-box";
import { recordChange } from "./changes";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";

async function existingTenant(env: AppEnv["Bindings"], tenant: string) {
  if (!(await tenantExists(env, tenant))) throw new ApiError(404, "unknown_tenant", `no tenant "${tenant}"`);
}

/** Mounted in the admin app (behind the admin token). */
export const adminAlertsApi = new Hono<AppEnv>();

adminAlertsApi.put("/tenants/:tenant/alerts", async (c) => {
  const tenant = c.req.param("tenant");
  const body = await parseJsonBody(c, alertSettingsBody);
  await existingTenant(c.env, tenant);
  const before = await getAlertSettings(c.env, tenant);
  const stored = await putAlertSettings(c.env, keyRingOf(c.env), tenant, body);
  const shown = presentSettings(tenant, stored);
  await recordChange(c, { tenantId: tenant, action: "alerts.put", target: tenant, before: before ? presentSettings(tenant, before) : null, after: shown });
  return c.json(shown, before ? 200 : 201);
});

adminAlertsApi.get("/tenants/:tenant/alerts", async (c) => {
  const tenant = c.req.param("tenant");
  await existingTenant(c.env, tenant);
  return c.json(presentSettings(tenant, await getAlertSettings(c.env, tenant)));
});

const STATES = ["open", "acknowledged", "resolved"] as const;
export const alertsQuery = z.strictObject({
  /** One state or several, comma-separated (default: all). */
  state: z
    .string()
    .transform((v) => v.split(","))
    .pipe(z.array(z.enum(STATES, { error: `must be ${STATES.join(", ")} or a comma-separated list of them` })))
    .optional(),
  cursor: z
    .string()
    .regex(/^alr_[0-9A-Z]{26}$/, "is not a cursor returned by this API")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Mounted in the audit app (behind its tenant authentication: another tenant's path is 404). */
export const tenantAlertsApi = new Hono<AppEnv>();

tenantAlertsApi.get("/:tenant/alerts", async (c) => {
  const parsed = alertsQuery.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_request", `${issue?.path.join(".") || "query"}: ${issue?.message}`);
  }
  const q = parsed.data;
  const { items, last } = await listAlerts(c.env.DB, { tenantId: c.req.param("tenant"), states: q.state, before: q.cursor, limit: q.limit });
  return c.json({ items, nextCursor: last });
});

tenantAlertsApi.get("/:tenant/alerts/:id", async (c) => {
  const alert = await getAlert(c.env.DB, c.req.param("tenant"), c.req.param("id"));
  if (!alert) throw new ApiError(404, "not_found", "no such alert for this tenant");
  return c.json({ ...presentAlert(alert), notifications: await notificationsOf(c.env.DB, alert.id) });
});

tenantAlertsApi.post("/:tenant/alerts/:id/ack", async (c) => {
  const caller = c.get("caller");
  if (caller.kind === "tenant" && caller.role !== "operate") {
    throw new ApiError(403, "forbidden", "acknowledging an alert needs an operate token");
  }
  const tenant = c.req.param("tenant");
  const by = caller.kind === "admin" ? "admin" : `token:${caller.tokenId ?? "unknown"}`;
  const result = await acknowledgeAlert(c.env.DB, tenant, c.req.param("id"), by, Date.now());
  if (!result) throw new ApiError(404, "not_found", "no such alert for this tenant");
  if (!result.changed) {
    throw new ApiError(409, "alert_not_open", `alert ${result.before.id} is ${result.before.state}: only an open alert can be acknowledged`);
  }
  await recordChange(c, {
    tenantId: tenant,
    action: "alert.ack",
    target: result.after.id,
    before: { state: result.before.state },
    after: { state: result.after.state, acknowledgedBy: by },
  });
  return c.json(presentAlert(result.after));
});
