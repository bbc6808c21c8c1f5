/**
 * Starting a reconciliation (the schedule or POST /v1/tenants/{t}/reconciliations): the window is
 * [watermark - the provider's overlap, now), or the `since` asked for, or `lookbackHours` back on a
 * first run; a watermark near the edge of the provider's change horizon (Stripe events, QuickBooks
 * CDC: 30 days) is reported before changes are lost, and one beyond it is clamped (and said so).
 * The job then runs page by page on the low-priority lane (src/reconcile/run-page.ts).
 */
import type { Env } from "../env";
import { readSettings } from "../env";
import { getSourceConfig } from "../db/tenants";
import { tenantRegion } from "../db/tenant-regions";
import { getReconcileSettings, insertJob, runningJob, updateJob, type ReconciliationJob } from "../db/reconciliations";
import { PROVIDERS } from "../providers/registry";
import type { ProviderApi } from "../providers/provider-api";
import { newUlid } from "../ids";
import { tenantDb } from "../tenant/region";
import type { ReconcilePageMessage } from "./run-page";

const DAY_MS = 86_400_000;
/** A watermark older than this share of the horizon is reported. */
const HORIZON_WARNING_SHARE = 0.8;
const DEFAULT_LOOKBACK_HOURS = 24;

export class ReconcileRefusal extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code: "unknown_source" | "reconcile_unsupported",
    message: string,
  ) {
    super(message);
  }
}

export interface StartRequest {
  tenantId: string;
  sourceId: string;
  trigger: "schedule" | "request";
  dryRun: boolean;
  /** Epoch ms: overrides the watermark (a re-check of an older period). */
  since?: number;
}

export type StartResult = { status: "started"; job: ReconciliationJob } | { status: "running"; job: ReconciliationJob };

export async function startReconciliation(env: Env, request: StartRequest, now = Date.now()): Promise<StartResult> {
  const { tenantId, sourceId } = request;
  const source = await getSourceConfig(env, tenantId, sourceId, readSettings(env).sourceCacheSeconds);
  if (!source) throw new ReconcileRefusal(404, "unknown_source", `source: no source "${sourceId}" for tenant "${tenantId}"`);
  const api = PROVIDERS[source.provider]?.api;
  if (!api?.listChanges) {
    throw new ReconcileRefusal(422, "reconcile_unsupported", `source: the ${source.provider} provider has no change listing, so "${sourceId}" cannot be reconciled`);
  }
  const region = await tenantRegion(env, tenantId, readSettings(env).sourceCacheSeconds);
  const db = tenantDb(env, region);
  const running = await runningJob(db, tenantId, sourceId);
  if (running) return { status: "running", job: running };

  const settings = await getReconcileSettings(env.DB, tenantId, sourceId);
  const window = windowOf(api, now, request.since ?? null, settings?.watermark ?? null, settings?.lookbackHours ?? DEFAULT_LOOKBACK_HOURS);
  const job: ReconciliationJob = {
    id: `rec_${newUlid()}`,
    tenantId,
    sourceId,
    trigger: request.trigger,
    dryRun: request.dryRun,
    state: "running",
    phase: "listing",
    since: window.since,
    until: now,
    cursor: null,
    pages: 0,
    listed: 0,
    unchanged: 0,
    fed: 0,
    written: 0,
    exceptions: 0,
    warning: window.warning,
    error: null,
    settleDeadline: null,
    createdAt: now,
    finishedAt: null,
  };
  await insertJob(db, job);
  const message: ReconcilePageMessage = { type: "reconcile-page", tenantId, jobId: job.id, ...(region ? { region } : {}) };
  try {
    await env.REPLAYS.send(message);
  } catch (err) {
    // No message will ever move this job: left running, it would refuse every later run (409).
    await updateJob(db, job.id, {}, { state: "failed", phase: "done", error: `internal: the job could not be queued (${String(err)})`.slice(0, 1000), finishedAt: Date.now() });
    throw err;
  }
  return { status: "started", job };
}

/** The window to list and what to warn about (the horizon). */
export function windowOf(
  api: Pick<ProviderApi, "changeHorizonDays" | "changeOverlapSeconds">,
  now: number,
  since: number | null,
  watermark: number | null,
  lookbackHours: number,
): { since: number; warning: string | null } {
  const overlapMs = (api.changeOverlapSeconds ?? 0) * 1000;
  let start = since ?? (watermark !== null ? watermark - overlapMs : now - lookbackHours * 3600_000);
  const warning = horizonWarning(api, now, since ?? watermark);
  const horizon = api.changeHorizonDays ? now - api.changeHorizonDays * DAY_MS : null;
  if (horizon !== null && start < horizon) start = horizon;
  return { since: Math.min(start, now), warning };
}

/** A warning when the point to resume from is near (or past) how far back the provider can list. */
export function horizonWarning(api: Pick<ProviderApi, "changeHorizonDays">, now: number, from: number | null): string | null {
  if (!api.changeHorizonDays || from === null) return null;
  const ageDays = (now - from) / DAY_MS;
  const days = api.changeHorizonDays;
  const at = new Date(from).toISOString();
  if (ageDays > days) {
    return `the watermark (${at}) is ${ageDays.toFixed(1)} days old, beyond the provider's ${days}-day change window: changes before ${new Date(now - days * DAY_MS).toISOString()} cannot be listed and may be lost`;
  }
  if (ageDays >= days * HORIZON_WARNING_SHARE) {
    return `the watermark (${at}) is ${ageDays.toFixed(1)} days old; the provider lists changes of the last ${days} days only: reconcile within ${(days - ageDays).toFixed(1)} days or changes will be lost`;
  }
  return null;
}
