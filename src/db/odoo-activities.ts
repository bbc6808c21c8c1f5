/**
 * Which dead events already have their Odoo activity (alerts/odoo-activity.ts), in the tenant's
 * database beside the events: one row per event, so an activity is made once.
 */

export interface DeadRow {
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

/** Dead events of class data/config since `since` without an activity yet, oldest first, with the entity's mapping. */
export async function deadEventsWithoutActivity(d1: D1Database, tenantId: string, since: number, limit: number): Promise<DeadRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT e.id, e.source_id, e.kind, e.external_id, e.topic, e.error, e.error_class, e.odoo_model, e.odoo_id,
              m.odoo_model AS mapped_model, m.odoo_id AS mapped_id
         FROM events e
         LEFT JOIN mappings m ON m.tenant_id = e.tenant_id AND m.source_id = e.source_id AND m.kind = e.kind AND m.external_id = e.external_id
         LEFT JOIN odoo_activities a ON a.tenant_id = e.tenant_id AND a.event_id = e.id
        WHERE e.tenant_id = ?1 AND e.error_class IN ('data', 'config') AND e.status = 'dead' AND e.updated_at >= ?2 AND a.event_id IS NULL
        ORDER BY e.id ASC LIMIT ?3`,
    )
    .bind(tenantId, since, limit)
    .all<DeadRow>();
  return results;
}

export async function rememberActivity(
  d1: D1Database,
  tenantId: string,
  eventId: string,
  a: { model: string | null; resId: number | null; activityId: number | null; error: string | null },
  now: number,
): Promise<void> {
  await d1
    .prepare(
      "INSERT INTO odoo_activities (tenant_id, event_id, odoo_model, odoo_res_id, activity_id, error, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
    )
    .bind(tenantId, eventId, a.model, a.resId, a.activityId, a.error, now)
    .run();
}
