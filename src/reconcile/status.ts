/**
 * What the sources listing shows of each source's reconciliation: its schedule, the watermark
 * (reconciled up to) and a warning when the watermark nears the provider's change horizon.
 */
import type { Env } from "../env";
import { listReconcileSettings } from "../db/reconciliations";
import { PROVIDERS } from "../providers/registry";
import { horizonWarning } from "./start";

export interface ReconcileStatus {
  every: string;
  lookbackHours: number;
  watermark: string | null;
  warning: string | null;
}

/** "3600" seconds -> "1h" (the largest unit that divides it). */
export function everyText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

export async function reconcileStatuses(env: Env, tenantId: string, providers: Map<string, string>, now = Date.now()): Promise<Map<string, ReconcileStatus>> {
  const out = new Map<string, ReconcileStatus>();
  for (const row of await listReconcileSettings(env.DB, tenantId)) {
    const api = PROVIDERS[providers.get(row.sourceId) ?? ""]?.api;
    out.set(row.sourceId, {
      every: everyText(row.everySeconds),
      lookbackHours: row.lookbackHours,
      watermark: row.watermark === null ? null : new Date(row.watermark).toISOString(),
      warning: api ? horizonWarning(api, now, row.watermark) : null,
    });
  }
  return out;
}
