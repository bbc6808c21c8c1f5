/**
 * Dead events of class `data` or `config` become a mail.activity in the tenant's Odoo, on the
 * affected record (the event's own Odoo record, or the record its entity is mapped to), assigned
 * to the configured Odoo user (`odooActivity.userId`, default the router's own user): the person
 * who can fix the data sees it in Odoo. One activity per event (table odoo_activities); an event
 * without any Odoo record gets none (recorded with the reason), an activity Odoo refuses is
 * recorded with its error, and a transient failure is tried again by the next minute cron.
 */
import type { Env } from "../env";
import { getOdooConnection } from "../db/tenants";
import { odooClient } from "../odoo/connect";
import type { OdooClient } from "../odoo/client";
import { OdooError } from "../odoo/errors";
import type { EventError } from "../audit/audit-message";
import type { Region } from "../tenant/region";
import { tenantDb } from "../tenant/region";
import type { StoredAlertSettings } from "./settings";
import { deadEventsWithoutActivity, rememberActivity as remember, type DeadRow } from "../db/odoo-activities";

/** Events looked at per tenant and minute; older dead events than this window are left alone. */
const BATCH = 10;
const WINDOW_MS = 24 * 3600_000;

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
  const results = await deadEventsWithoutActivity(db, tenantId, now - WINDOW_MS, BATCH);
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
      const message = err instanceof Error ? err.message : String(err);
      console.error({ msg: "odoo activity failed", tenantId, eventId: row.id, err: message });
      report.failed++;
      // Odoo refused it (the record is gone, rights...): recorded, never asked again. Anything
      // else (Odoo down) is not remembered: the next minute tries again, within the window.
      if (err instanceof OdooError && err.category !== "retryable") {
        await remember(db, tenantId, row.id, { model, resId, activityId: null, error: message.slice(0, 500) }, now);
      }
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
  if (!modelId) throw new OdooError("business", `ir.model has no ${model} in this Odoo database`);
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
