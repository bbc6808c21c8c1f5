/**
 * The reconciliation schedule. A source's `reconcile.every` cuts time into slots aligned on the
 * epoch (every "1h" slot starts on the hour, UTC); the minute cron starts each source's
 * reconciliation once per slot (`claimSlot` makes two overlapping cron runs start it once), and
 * batch flows release their held writes at the same slot boundaries (src/entity/entity-store.ts
 * `holdUntil`), so "batch" means "applied on the reconciliation schedule".
 */
import * as z from "zod";
import type { Env } from "../env";
import { claimSlot, getReconcileSettings, listReconcileSettings } from "../db/reconciliations";
import { startReconciliation } from "./start";

/** "15m", "1h", "1d" (and "90s" for tests): at least a minute, at most a week. */
export const everySchema = z
  .string()
  .regex(/^\d+[smhd]$/, 'must be a duration like "15m", "1h" or "1d"')
  .transform((v) => Number(v.slice(0, -1)) * { s: 1, m: 60, h: 3600, d: 86_400 }[v.slice(-1) as "s" | "m" | "h" | "d"])
  .refine((s) => s >= 60 && s <= 7 * 86_400, "must be between 1m and 7d");

export const reconcileSettingsSchema = z
  .object({
    every: everySchema,
    /** The first run (no watermark yet) looks this far back. */
    lookbackHours: z.number().int().min(1).max(24 * 90).default(24),
  })
  .strict();

/** Without a `reconcile` setting, a batch flow is released hourly. */
export const DEFAULT_BATCH_SECONDS = 3600;

export const slotOf = (now: number, everySeconds: number) => Math.floor(now / (everySeconds * 1000));
export const slotStart = (slot: number, everySeconds: number) => slot * everySeconds * 1000;

/** Per isolate, 10 s: the promise, so the events of one delivery (a HubSpot batch) share one read. */
const settingsCache = new Map<string, { expires: number; everySeconds: Promise<number> }>();

/** When a batch flow's write held now is released: the start of the source's next slot. */
export async function batchReleaseAt(env: Env, tenantId: string, sourceId: string, now: number): Promise<number> {
  const key = `${tenantId}/${sourceId}`;
  let cached = settingsCache.get(key);
  if (!cached || cached.expires <= now) {
    const everySeconds = getReconcileSettings(env.DB, tenantId, sourceId).then((settings) => settings?.everySeconds ?? DEFAULT_BATCH_SECONDS);
    // A failed read is not kept: the next event asks again.
    everySeconds.catch(() => settingsCache.delete(key));
    cached = { expires: now + 10_000, everySeconds };
    if (settingsCache.size > 10_000) settingsCache.clear();
    settingsCache.set(key, cached);
  }
  const every = await cached.everySeconds;
  return slotStart(slotOf(now, every) + 1, every);
}

/** The minute cron: starts the reconciliation of every source whose slot began since its last run. */
export async function runDueReconciliations(env: Env, now: number): Promise<{ started: number; skipped: number }> {
  let started = 0;
  let skipped = 0;
  for (const settings of await listReconcileSettings(env.DB)) {
    const slot = slotOf(now, settings.everySeconds);
    if (settings.lastSlot !== null && settings.lastSlot >= slot) continue;
    if (!(await claimSlot(env.DB, settings.tenantId, settings.sourceId, slot))) continue;
    try {
      const result = await startReconciliation(env, { tenantId: settings.tenantId, sourceId: settings.sourceId, trigger: "schedule", dryRun: false }, now);
      if (result.status === "started") started++;
      else skipped++;
    } catch (err) {
      // One source's failure must not stop the others; the next slot tries again.
      skipped++;
      console.error({ msg: "scheduled reconciliation failed to start", tenantId: settings.tenantId, sourceId: settings.sourceId, err: String(err) });
    }
  }
  return { started, skipped };
}
