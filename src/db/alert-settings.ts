/**
 * Per-tenant operations settings (alerts/settings.ts) in the control-plane database. The webhook
 * secret is sealed with SECRETS_KEY (context `alerts:<tenant>`) and only opened to sign.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env";
import { open, seal, type KeyRing } from "../security/secret-box";
import { DEFAULT_EXCEPTION_THRESHOLDS, type AlertSettingsBody, type ExceptionThresholds, type StoredAlertSettings } from "../alerts/settings";
import { alertSettings } from "./schema";

/** The sealing context of a tenant's alert webhook secret (also used by security/reseal.ts). */
export const alertSecretContext = (tenantId: string) => `alerts:${tenantId}`;
const secretContext = alertSecretContext;

export async function getAlertSettings(env: Env, tenantId: string): Promise<StoredAlertSettings | null> {
  const row = await drizzle(env.DB).select().from(alertSettings).where(eq(alertSettings.tenantId, tenantId)).get();
  return row ? (row.config as unknown as StoredAlertSettings) : null;
}

export async function putAlertSettings(env: Env, ring: KeyRing, tenantId: string, body: AlertSettingsBody, now = Date.now()) {
  const { webhook, ...rest } = body;
  const stored: StoredAlertSettings = {
    ...rest,
    ...(webhook ? { webhook: { url: webhook.url, secretSealed: await seal(ring, webhook.secret, secretContext(tenantId)) } } : {}),
  };
  await drizzle(env.DB)
    .insert(alertSettings)
    .values({ tenantId, config: stored as unknown as Record<string, unknown>, updatedAt: now })
    .onConflictDoUpdate({ target: alertSettings.tenantId, set: { config: stored as unknown as Record<string, unknown>, updatedAt: now } });
  return stored;
}

/** Every tenant with settings: what the minute cron evaluates. */
export async function listAlertSettings(env: Env): Promise<{ tenantId: string; settings: StoredAlertSettings }[]> {
  const rows = await drizzle(env.DB).select().from(alertSettings);
  return rows.map((r) => ({ tenantId: r.tenantId, settings: r.config as unknown as StoredAlertSettings }));
}

export function openWebhookSecret(ring: KeyRing, tenantId: string, sealed: string): Promise<string> {
  return open(ring, sealed, secretContext(tenantId));
}

export async function exceptionThresholds(env: Env, tenantId: string): Promise<ExceptionThresholds> {
  return (await getAlertSettings(env, tenantId))?.exceptions ?? DEFAULT_EXCEPTION_THRESHOLDS;
}
