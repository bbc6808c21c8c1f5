/**
 * Dead events of class `data` or `config` become a mail.activity in the tenant's Odoo, on the
 * affected record (the event's own Odoo record, or the record its entity is mapped to), assigned
 * to the configured Odoo user (`odooActivity.userId`, default the router's own user): the person
 * who can fix the data sees it in Odoo. One activity per event (table odoo_activities); an event
 * without any Odoo record gets none (recorded with the reason), and a failed call is tried again
 * by the next minute cron.
 */
import type { Env } from "../env";
import { getOdooConnection } from "../db/tenants";
import { odooClient } from "../odoo/connect";
import type { OdooClient } from "../odoo/client";
import type { EventError } from "../audit/audit-message";
import type { Region } from "../tenant/region";
import { tenantDb } from "../tenant/region";
import type { StoredAlertSettings } from "./settings";

/** Events looked at per tenant and minute; older dead events than this window are left alone. */
const BATCH = 10;
const WINDOW_MS = 24 * 3600_000;

interface DeadRow {
  id: string;
  source_id: string;
  kind: string | null;
  external_id: string | null;
  topic: string;
  error: string | null;
  error_class: string;
  odoo_model: string | null;
  odoo_id: number | null;
  mapped_model: string | null;
  mapped_id: number | null;
}

export async function makeOdooActivities(
  env: Env,
  tenantId: string,
  region: Region | null,
  settings: StoredAlertSettings,
  now: number,
): Promise<{ created: number; skipped: number; failed: number }> {
  const report = { created: 0, skipped: 0, failed: 0 };
  if (!settings.odooActivity) return report;
  const db = tenantDb(env, region);
  const { results } = await db
    .prepare(
      `SELECT e.id, e.source_id, e.kind, e.external_id, e.topic, e.error, e.error_class, e.odoo_model, e.odoo_id,
              m.odoo_model AS mapped_model, m.odoo_id AS mapped_id
         FROM events e
         LEFT JOIN mappings m ON m.tenant_id = e.tenant_id AND m.source_id = e.source_id AND m.kind = e.kind AND m.external_id = e.external_id
         LEFT JOIN odoo_activities a ON a.tenant_id = e.tenant_id AND a.event_id = e.id
        WHERE e.tenant_id = ?1 AND e.error_class IN ('data', 'config') AND e.status = 'dead' AND e.updated_at >= ?2 AND a.event_id IS NULL
        ORDER BY e.id ASC LIMIT ?3`,
    )
    .bind(tenantId, now - WINDOW_MS, BATCH)
    .all<DeadRow>();
  if (results.length === 0) return report;
  const connection = await getOdooConnection(env, tenantId);
  if (!connection) return report;
  const odoo = odooClient(connection);
  const modelIds = new Map<string, number | null>();
  for (const row of results) {
    const model = row.odoo_model ?? row.mapped_model;
    const resId = row.odoo_id ?? row.mapped_id;
    if (!model || resId === null) {
      await remember(db, tenantId, row.id, { model: null, resId: null, activityId: null, error: "no Odoo record to attach the activity to" }, now);
      report.skipped++;
      continue;
    }
    try {
      const activityId = await createActivity(odoo, modelIds, model, resId, row, settings.odooActivity.userId);
      await remember(db, tenantId, row.id, { model, resId, activityId, error: null }, now);
      report.created++;
    } catch (err) {
      // Not remembered: the next minute tries again (within the window).
      console.error({ msg: "odoo activity failed", tenantId, eventId: row.id, err: err instanceof Error ? err.message : String(err) });
      report.failed++;
    }
  }
  return report;
}

async function createActivity(
  odoo: OdooClient,
  modelIds: Map<string, number | null>,
  model: string,
  resId: number,
  row: DeadRow,
  userId: number | undefined,
): Promise<number> {
  if (!modelIds.has(model)) {
    const ids = await odoo.call<number[]>("ir.model", "search", [[["model", "=", model]]], { limit: 1 });
    modelIds.set(model, ids[0] ?? null);
  }
  const modelId = modelIds.get(model);
  if (!modelId) throw new Error(`ir.model has no ${model}`);
  const error = row.error ? (JSON.parse(row.error) as EventError) : null;
  const what = `${row.kind ?? "event"} ${row.external_id ?? ""}`.trim();
  return odoo.call<number>("mail.activity", "create", [
    {
      res_model_id: modelId,
      res_id: resId,
      summary: `Webhook router: ${row.error_class} error on ${what}`.slice(0, 200),
      note: `<p>The ${row.topic} delivery of ${escapeHtml(what)} (source ${escapeHtml(row.source_id)}, event ${row.id}) could not be written to Odoo:</p><p>${escapeHtml(error?.message ?? "unknown error")}</p><p>Fix the data or the configuration, then replay the event.</p>`,
      ...(userId ? { user_id: userId } : {}),
    },
  ]);
}

async function remember(
  db: D1Database,
  tenantId: string,
  eventId: string,
  a: { model: string | null; resId: number | null; activityId: number | null; error: string | null },
  now: number,
): Promise<void> {
  await db
    .prepare(
      "INSERT INTO odoo_activities (tenant_id, event_id, odoo_model, odoo_res_id, activity_id, error, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
    )
    .bind(tenantId, eventId, a.model, a.resId, a.activityId, a.error, now)
    .run();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
