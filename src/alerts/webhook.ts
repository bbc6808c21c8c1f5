/**
 * The alert webhook: each notification (alert.opened, alert.resolved) is POSTed to the tenant's
 * URL signed as a Standard Webhook (`webhook-id` = the notification id, stable across retries, so
 * the receiver can drop a repeat; `webhook-timestamp`; `webhook-signature: v1,<base64>`). A 2xx
 * delivers it; anything else is retried by the next minute crons after 1, 2, 4... minutes (at most
 * an hour apart), MAX_ATTEMPTS times; every attempt is recorded (GET .../alerts/{id}).
 */
import type { Env } from "../env";
import { getAlertSettings, openWebhookSecret } from "../db/alert-settings";
import { dueNotifications, recordAttempt, type NotificationRow } from "../db/alerts";
import { signStandardWebhook } from "../providers/schemes/standard-webhooks";
import type { KeyRing } from "../security/secret-box";

export const MAX_ATTEMPTS = 12;
const TIMEOUT_MS = 10_000;
/** Per cron run: the rest waits for the next minute. */
const BATCH = 50;

export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

export async function sendDueNotifications(env: Env, ring: KeyRing, now: number): Promise<{ sent: number; failed: number }> {
  const due = await dueNotifications(env.DB, now, BATCH);
  let sent = 0;
  let failed = 0;
  for (const n of due) {
    const ok = await attempt(env, ring, n, now);
    if (ok) sent++;
    else failed++;
  }
  return { sent, failed };
}

async function attempt(env: Env, ring: KeyRing, n: NotificationRow, now: number): Promise<boolean> {
  const settings = await getAlertSettings(env, n.tenantId);
  let status: number | null = null;
  let error: string | null = null;
  if (!settings?.webhook) {
    error = "the tenant has no alert webhook any more";
  } else {
    try {
      const secret = await openWebhookSecret(ring, n.tenantId, settings.webhook.secretSealed);
      const timestamp = Math.floor(now / 1000);
      const response = await fetch(settings.webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": n.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": await signStandardWebhook(secret, n.id, timestamp, n.payload),
          "user-agent": "odoo-webhook-router-alerts",
        },
        body: n.payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
  }
  const delivered = error === null;
  const attempts = n.attempts + 1;
  const nextAttemptAt = delivered || attempts >= MAX_ATTEMPTS || !settings?.webhook ? null : now + retryDelayMs(attempts);
  await recordAttempt(env.DB, n, { at: now, status, error, delivered, nextAttemptAt });
  return delivered;
}
