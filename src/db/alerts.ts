/**
 * Alerts and their webhook notifications in the control-plane database. An alert is keyed by
 * (tenant, rule, subject): the partial unique index alerts_one_open keeps one open or acknowledged
 * alert per key, so a cron run racing another opens it once.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt, lte, ne, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { newUlid } from "../ids";
import { alertNotificationAttempts, alertNotifications, alerts } from "./schema";

export type AlertRow = typeof alerts.$inferSelect;
export type AlertState = AlertRow["state"];

export function presentAlert(row: AlertRow) {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    id: row.id,
    tenant: row.tenantId,
    rule: row.ruleId,
    type: row.ruleType,
    subject: row.subject,
    state: row.state,
    message: row.message,
    value: row.value,
    openedAt: iso(row.openedAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: iso(row.resolvedAt),
  };
}
export type PresentedAlert = ReturnType<typeof presentAlert>;

/** The tenant's open and acknowledged alerts (what the cron compares with the rules' findings). */
export function unresolvedAlerts(d1: D1Database, tenantId: string): Promise<AlertRow[]> {
  return drizzle(d1)
    .select()
    .from(alerts)
    .where(and(eq(alerts.tenantId, tenantId), ne(alerts.state, "resolved")));
}

/** Opens an alert; null when one is already open for the rule and subject (another run was first). */
export async function openAlert(
  d1: D1Database,
  a: { tenantId: string; ruleId: string; ruleType: string; subject: string; message: string; value: number },
  now: number,
): Promise<AlertRow | null> {
  const rows = await drizzle(d1)
    .insert(alerts)
    .values({ id: `alr_${newUlid(now)}`, ...a, state: "open", openedAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export async function updateAlertValue(d1: D1Database, id: string, message: string, value: number, now: number): Promise<void> {
  await drizzle(d1).update(alerts).set({ message, value, updatedAt: now }).where(eq(alerts.id, id));
}

export async function resolveAlert(d1: D1Database, id: string, now: number): Promise<AlertRow | null> {
  const rows = await drizzle(d1)
    .update(alerts)
    .set({ state: "resolved", resolvedAt: now, updatedAt: now })
    .where(and(eq(alerts.id, id), ne(alerts.state, "resolved")))
    .returning();
  return rows[0] ?? null;
}

/** Acknowledges an open alert; the alert as it is afterwards, or null if the tenant has no such alert. */
export async function acknowledgeAlert(d1: D1Database, tenantId: string, id: string, by: string, now: number) {
  const db = drizzle(d1);
  const before = await db.select().from(alerts).where(and(eq(alerts.tenantId, tenantId), eq(alerts.id, id))).get();
  if (!before) return null;
  if (before.state !== "open") return { before, after: before, changed: false };
  const [after] = await db
    .update(alerts)
    .set({ state: "acknowledged", acknowledgedAt: now, acknowledgedBy: by, updatedAt: now })
    .where(and(eq(alerts.id, id), eq(alerts.state, "open")))
    .returning();
  return after ? { before, after, changed: true } : { before, after: before, changed: false };
}

export async function listAlerts(d1: D1Database, filter: { tenantId: string; states?: AlertState[]; before?: string; limit: number }) {
  const conditions: SQL[] = [eq(alerts.tenantId, filter.tenantId)];
  if (filter.states?.length) conditions.push(inArray(alerts.state, filter.states));
  if (filter.before) conditions.push(lt(alerts.id, filter.before));
  const rows = await drizzle(d1)
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(desc(alerts.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page.map(presentAlert), last: rows.length > filter.limit ? page.at(-1)!.id : null };
}

export async function enqueueNotification(d1: D1Database, n: { tenantId: string; alertId: string; type: string; payload: unknown }, now: number) {
  const id = `msg_${newUlid(now)}`;
  await drizzle(d1)
    .insert(alertNotifications)
    .values({ id, tenantId: n.tenantId, alertId: n.alertId, type: n.type, payload: JSON.stringify(n.payload), nextAttemptAt: now, createdAt: now });
  return id;
}

export type NotificationRow = typeof alertNotifications.$inferSelect;

/** Notifications due now, oldest first. */
export function dueNotifications(d1: D1Database, now: number, limit: number): Promise<NotificationRow[]> {
  return drizzle(d1)
    .select()
    .from(alertNotifications)
    .where(and(isNotNull(alertNotifications.nextAttemptAt), lte(alertNotifications.nextAttemptAt, now)))
    .orderBy(asc(alertNotifications.nextAttemptAt))
    .limit(limit);
}

/** Records one attempt and what comes next: delivered, another attempt at `nextAttemptAt`, or given up (null). */
export async function recordAttempt(
  d1: D1Database,
  n: NotificationRow,
  attempt: { at: number; status: number | null; error: string | null; delivered: boolean; nextAttemptAt: number | null },
): Promise<void> {
  const db = drizzle(d1);
  const number = n.attempts + 1;
  const statements = [
    db.insert(alertNotificationAttempts).values({ notificationId: n.id, attempt: number, at: attempt.at, status: attempt.status, error: attempt.error }).onConflictDoNothing(),
    db
      .update(alertNotifications)
      .set({ attempts: number, deliveredAt: attempt.delivered ? attempt.at : null, nextAttemptAt: attempt.delivered ? null : attempt.nextAttemptAt })
      .where(and(eq(alertNotifications.id, n.id), eq(alertNotifications.attempts, n.attempts))),
  ] as const;
  await db.batch(statements);
}

/** An alert's notifications with every attempt (GET .../alerts/{id}). */
export async function notificationsOf(d1: D1Database, alertId: string) {
  const db = drizzle(d1);
  const rows = await db.select().from(alertNotifications).where(eq(alertNotifications.alertId, alertId)).orderBy(asc(alertNotifications.id));
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(alertNotificationAttempts)
    .where(inArray(alertNotificationAttempts.notificationId, rows.map((r) => r.id)))
    .orderBy(asc(alertNotificationAttempts.attempt));
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    deliveredAt: iso(r.deliveredAt),
    nextAttemptAt: iso(r.nextAttemptAt),
    attempts: attempts
      .filter((a) => a.notificationId === r.id)
      .map((a) => ({ attempt: a.attempt, at: iso(a.at), status: a.status, error: a.error })),
  }));
}

export async function getAlert(d1: D1Database, tenantId: string, id: string): Promise<AlertRow | null> {
  return (await drizzle(d1).select().from(alerts).where(and(eq(alerts.tenantId, tenantId), eq(alerts.id, id))).get()) ?? null;
}
