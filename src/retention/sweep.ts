/**
 * The daily Cron Trigger (`triggers.crons` in wrangler.toml): for each tenant with a
 * `retention.personalDataDays`, personal data older than that is redacted from the D1 audit trail
 * (entity objects redact their stored payloads on their own alarm); then one budget of the
 * SECRETS_KEY re-seal job runs, so a rotation completes without anyone calling the admin route.
 * Everything here is idempotent: a run cut short is finished by the next.
 */
import { asc, gt } from "drizzle-orm";
import type { Env } from "../env";
import { tenantDb } from "../tenant/region";
import { drizzle } from "drizzle-orm/d1";
import { tenants } from "../db/schema";
import { resealSecrets, type ResealReport } from "../security/reseal";
import type { KeyRing } from "../security/secret-box";
import { redactAuditBefore } from "./audit-redaction";
import { retentionMs, retentionSchema } from "./retention";

export interface SweepReport {
  tenants: { tenant: string; auditEvents: number; done: boolean }[];
  reseal: ResealReport;
}

/** `env` gives the control plane (DB: tenants, secrets) and each tenant's regional database. */
export async function runRetentionSweep(env: Env, ring: KeyRing, now: number): Promise<SweepReport> {
  const db = drizzle(env.DB);
  const report: SweepReport["tenants"] = [];
  let cursor = "";
  for (;;) {
    const page = await db
      .select({ id: tenants.id, retention: tenants.retention, region: tenants.region })
      .from(tenants)
      .where(gt(tenants.id, cursor))
      .orderBy(asc(tenants.id))
      .limit(100);
    for (const tenant of page) {
      const parsed = retentionSchema.safeParse(tenant.retention ?? {});
      const personalDataMs = parsed.success ? retentionMs(parsed.data).personalDataMs : null;
      if (personalDataMs === null) continue;
      const redacted = await redactAuditBefore(tenantDb(env, tenant.region), tenant.id, now - personalDataMs, now);
      report.push({ tenant: tenant.id, auditEvents: redacted.events, done: redacted.done });
    }
    if (page.length < 100) break;
    cursor = page.at(-1)!.id;
  }
  return { tenants: report, reseal: await resealSecrets(env.DB, ring) };
}
