/**
 * The minute cron of alerts (wrangler.toml `[triggers] crons = ["* * * * *"]`, dispatched by
 * src/index.ts `scheduled`): for every tenant with alert settings, each rule's findings open an
 * alert per subject (one open or acknowledged alert per rule and subject), update the value of
 * alerts still firing and resolve those whose condition cleared (a rule deleted resolves its
 * alerts too). Opened and resolved alerts are notified through the tenant's webhook; dead events
 * of class data/config become Odoo activities; due webhook retries are sent.
 */
import type { Env } from "../env";
import { listAlertSettings } from "../db/alert-settings";
import { enqueueNotification, openAlert, presentAlert, resolveAlert, unresolvedAlerts, updateAlertValue, type AlertRow } from "../db/alerts";
import { tenantRegion } from "../db/tenant-regions";
import type { KeyRing } from "../security/secret-box";
import { makeOdooActivities } from "./odoo-activity";
import { findings, type Finding } from "./rules";
import type { StoredAlertSettings } from "./settings";
import { sendDueNotifications } from "./webhook";

export interface AlertsReport {
  tenants: number;
  opened: number;
  resolved: number;
  activities: number;
  webhooks: { sent: number; failed: number };
  errors: string[];
}

export async function runAlertsMinute(env: Env, ring: KeyRing, now: number): Promise<AlertsReport> {
  const report: AlertsReport = { tenants: 0, opened: 0, resolved: 0, activities: 0, webhooks: { sent: 0, failed: 0 }, errors: [] };
  for (const { tenantId, settings } of await listAlertSettings(env)) {
    report.tenants++;
    try {
      // The cache is off (0 s): a region is fixed once the tenant has data, so this is one read.
      const region = await tenantRegion(env, tenantId, 0);
      const { opened, resolved } = await evaluateTenant(env, tenantId, region, settings, now);
      report.opened += opened;
      report.resolved += resolved;
      report.activities += (await makeOdooActivities(env, tenantId, region, settings, now)).created;
    } catch (err) {
      // One tenant's failure (its gate, its database) never stops the others' alerts.
      report.errors.push(`${tenantId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  report.webhooks = await sendDueNotifications(env, ring, now);
  return report;
}

async function evaluateTenant(
  env: Env,
  tenantId: string,
  region: Awaited<ReturnType<typeof tenantRegion>>,
  settings: StoredAlertSettings,
  now: number,
): Promise<{ opened: number; resolved: number }> {
  const current = await unresolvedAlerts(env.DB, tenantId);
  const byKey = new Map(current.map((a) => [`${a.ruleId}\u0000${a.subject}`, a]));
  const keep = new Set<string>();
  let opened = 0;
  let resolved = 0;
  for (const rule of settings.rules) {
    const found = await findings({ env, tenantId, region, settings, now }, rule);
    if (found === null) {
      // Not judged now (outside its hours): its alerts stay as they are.
      for (const a of current) if (a.ruleId === rule.id) keep.add(a.id);
      continue;
    }
    for (const f of found) {
      const existing = byKey.get(`${rule.id}\u0000${f.subject}`);
      if (existing) {
        keep.add(existing.id);
        if (existing.value !== f.value || existing.message !== f.message) await updateAlertValue(env.DB, existing.id, f.message, f.value, now);
        continue;
      }
      const alert = await openAlert(env.DB, { tenantId, ruleId: rule.id, ruleType: rule.type, subject: f.subject, message: f.message, value: f.value }, now);
      if (!alert) continue;
      opened++;
      await notify(env, settings, alert, "alert.opened", f, now);
    }
  }
  for (const alert of current) {
    if (keep.has(alert.id)) continue;
    const done = await resolveAlert(env.DB, alert.id, now);
    if (!done) continue;
    resolved++;
    await notify(env, settings, done, "alert.resolved", null, now);
  }
  return { opened, resolved };
}

async function notify(env: Env, settings: StoredAlertSettings, alert: AlertRow, type: string, finding: Finding | null, now: number) {
  if (!settings.webhook) return;
  const payload = { type, timestamp: new Date(now).toISOString(), data: { ...presentAlert(alert), ...(finding ? { value: finding.value } : {}) } };
  await enqueueNotification(env.DB, { tenantId: alert.tenantId, alertId: alert.id, type, payload }, now);
}
