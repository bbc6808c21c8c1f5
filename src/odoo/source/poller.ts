/**
 * The Odoo poller, run by the minute cron (src/index.ts): for every Odoo source (provider `odoo`)
 * whose `pollSeconds` have passed, each model the routing's outbound flows watch is listed from its
 * watermark (poll-window.ts) and every changed record goes into its flow's entity as the callback
 * would send it (change-event.ts): same entity, same delivery id, so a change seen by both goes
 * out once. It is the only source of changes on Odoo 16 (no webhook action) or where rules may
 * not be installed, and the safety net everywhere else (Odoo does not retry a lost callback).
 * Listed records are committed: nothing is held to settle.
 */
import type { Env } from "../../env";
import { readSettings } from "../../env";
import { getRouting } from "../../db/routings";
import { getOdooConnection, getSourceConfig, setSourceOptions, sourcesOfProvider } from "../../db/tenants";
import { tenantRegion } from "../../db/tenant-regions";
import { recordPollError, saveWatermark, watermarksOf, type PollWatermark } from "../../db/odoo-watermarks";
import { feedEvent } from "../../entity/feed-event";
import type { OdooClient } from "../client";
import { odooClient } from "../connect";
import { changeEvent } from "./change-event";
import { ODOO_PROVIDER, odooSourceOptionsSchema } from "./options";
import { initialState, pollWatch, type PollState } from "./poll-window";
import { majorVersion, registeredFlows, watchesOf, type FlowModules } from "./watches";

/** Sources polled at once by one cron run (each holds one Odoo connection busy). */
const PARALLEL_SOURCES = 4;
/** The cron fires about every 60 s: a source due within this margin is polled now, not a minute late. */
const DUE_MARGIN_MS = 5_000;

export interface PollReport {
  sources: number;
  polled: number;
  listed: number;
  fed: number;
  failed: number;
}

export async function runOdooPolls(env: Env, now: number, deps: { modules?: FlowModules; odoo?: (env: Env, tenantId: string) => Promise<OdooClient | null> } = {}): Promise<PollReport> {
  const sources = await sourcesOfProvider(env, ODOO_PROVIDER);
  const report: PollReport = { sources: sources.length, polled: 0, listed: 0, fed: 0, failed: 0 };
  for (let i = 0; i < sources.length; i += PARALLEL_SOURCES) {
    const batch = sources.slice(i, i + PARALLEL_SOURCES);
    const results = await Promise.allSettled(batch.map((s) => pollSource(env, s.tenantId, s.sourceId, now, deps)));
    results.forEach((result, index) => {
      if (result.status === "fulfilled") {
        report.polled += result.value.polled;
        report.listed += result.value.listed;
        report.fed += result.value.fed;
        report.failed += result.value.failed;
      } else {
        // One tenant's Odoo down must not stop the others; the next minute tries again.
        report.failed++;
        console.error({ msg: "odoo poll failed", ...batch[index], err: String(result.reason) });
      }
    });
  }
  return report;
}

/** Polls one Odoo source's watched models that are due (`force`: all of them, now). */
export async function pollSource(
  env: Env,
  tenantId: string,
  sourceId: string,
  now: number,
  { modules = registeredFlows, odoo, force = false }: { modules?: FlowModules; odoo?: (env: Env, tenantId: string) => Promise<OdooClient | null>; force?: boolean } = {},
): Promise<{ polled: number; listed: number; fed: number; failed: number }> {
  const outcome = { polled: 0, listed: 0, fed: 0, failed: 0 };
  const settings = readSettings(env);
  const source = await getSourceConfig(env, tenantId, sourceId, settings.sourceCacheSeconds);
  if (!source || source.provider !== ODOO_PROVIDER) return outcome;
  const options = odooSourceOptionsSchema.parse(source.options);
  const { routing } = await getRouting(env.DB, tenantId);
  if (!Object.values(routing.outbound ?? {}).some(Boolean)) return outcome;
  const marks = new Map((await watermarksOf(env.DB, tenantId, sourceId)).map((w) => [`${w.flow}\u0000${w.model}`, w]));
  const due = (mark: PollWatermark | undefined) => force || !mark || mark.cursorDate !== null || mark.polledAt + options.pollSeconds * 1000 <= now + DUE_MARGIN_MS;
  // Nothing due: no Odoo call at all.
  if (marks.size > 0 && ![...marks.values()].some(due) && options.odooVersion !== undefined) {
    const watched = watchesOf(routing, options.odooVersion, modules);
    if (watched.every((w) => marks.has(`${w.flow}\u0000${w.watch.model}`))) return outcome;
  }

  const client = odoo ? await odoo(env, tenantId) : await defaultClient(env, tenantId, routing.companyId);
  if (!client) return outcome;
  let version = options.odooVersion;
  if (version === undefined) {
    // Recorded once, so the field names of the version are known without asking again.
    version = majorVersion(await client.serverVersion()) ?? undefined;
    if (version !== undefined && version >= 16) await setSourceOptions(env, tenantId, sourceId, { ...source.options, odooVersion: version });
  }
  const region = await tenantRegion(env, tenantId, settings.sourceCacheSeconds);
  const base = { tenantId, sourceId, provider: ODOO_PROVIDER, duplicateOf: null, ...(region ? { region } : {}) };

  for (const { flow, watch } of watchesOf(routing, version ?? 16, modules)) {
    const key = { tenantId, sourceId, flow, model: watch.model };
    const mark = marks.get(`${flow}\u0000${watch.model}`);
    if (!due(mark)) continue;
    const state: PollState = mark ? { writeDate: mark.writeDate, cursorDate: mark.cursorDate, cursorId: mark.cursorId } : initialState(now);
    outcome.polled++;
    try {
      const run = await pollWatch(client, watch, state);
      const receivedAt = Date.now();
      // One after another, oldest first: the entity keeps the newest sighting.
      for (const { id, writeDate, record } of run.records) {
        const entity = watch.entityOf(record);
        if (entity === null) continue;
        const item = changeEvent({ flow, model: watch.model, id, entity, writeDate, via: "poll", receivedAt, fallbackKey: `poll:${receivedAt}` });
        // A change already seen (by a callback or the previous poll's overlap) leaves no trace.
        const result = await feedEvent(env, { ...base, receivedAt }, item, routing, source.retention, { quietIfKnown: true });
        if (result.status === "accepted") outcome.fed++;
      }
      outcome.listed += run.records.length;
      await saveWatermark(env.DB, { ...key, ...run.next, polledAt: now, listed: run.records.length, error: null });
    } catch (err) {
      outcome.failed++;
      const message = err instanceof Error ? err.message : String(err);
      if (mark) await recordPollError(env.DB, key, now, message);
      else await saveWatermark(env.DB, { ...key, ...state, polledAt: now, listed: 0, error: message.slice(0, 1000) });
    }
  }
  return outcome;
}

async function defaultClient(env: Env, tenantId: string, companyId: number | undefined): Promise<OdooClient | null> {
  const connection = await getOdooConnection(env, tenantId);
  return connection ? odooClient(connection, companyId ? { allowed_company_ids: [companyId] } : undefined) : null;
}
