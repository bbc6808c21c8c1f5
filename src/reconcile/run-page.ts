/**
 * One step of a reconciliation job, one message on the low-priority lane (the `replays` queue,
 * one message at a time: see src/delivery/replay-consumer.ts and the README's Reconciliation
 * section for why it never starves live deliveries).
 *
 * listing   one page of the provider's changes in the job's window (`api.listChanges` through the
 *           source's ApiSession): each object goes THROUGH ITS ENTITY OBJECT as an event, as a
 *           webhook would (dedup and ordering apply: a version the entity has leaves no trace and
 *           writes nothing); the records that were not news are compared with Odoo now, those
 *           that were (a new version is being written) wait for their write in `pending`.
 * settling  the waiting records whose write finished (their audit status) are compared; the
 *           job is done when none is left (or after SETTLE_MS, comparing what is left as it is).
 *
 * A dry run lists and compares without feeding anything.
 */
import type { Env } from "../env";
import { readSettings } from "../env";
import { getRouting } from "../db/routings";
import { getSourceConfig, getTenantDelivery } from "../db/tenants";
import {
  addPending,
  advanceWatermark,
  eventStatuses,
  getJob,
  mappedRecords,
  pendingOf,
  recordComparison,
  removePending,
  updateJob,
  type PendingRecord,
  type ReconciliationJob,
} from "../db/reconciliations";
import { feedEvent } from "../entity/feed-event";
import { odooClient } from "../odoo/connect";
import type { OdooClient } from "../odoo/client";
import { OdooError } from "../odoo/errors";
import type { EntityKind } from "../events/canonical";
import { ProviderApiError, type ApiSession } from "../providers/provider-api";
import type { NormalizedEvent } from "../providers/provider";
import { PROVIDERS } from "../providers/registry";
import { flowMode, WRITTEN_KINDS, type Routing } from "../tenant/routing";
import { tenantDb, type Region } from "../tenant/region";
import { COMPARED_KINDS, compareWithOdoo, listedValues, type ListedValues } from "./compare";

export interface ReconcilePageMessage {
  type: "reconcile-page";
  tenantId: string;
  jobId: string;
  /** The tenant's region (where its job, events and objects are); absent = none. */
  region?: Region;
}

/** How a job reaches the source's provider API (src/connections/open-session.ts `openSession`). */
export type SessionOpener = (env: Env, region: Region | null | undefined, tenantId: string, sourceId: string) => Promise<ApiSession | null>;

export interface PageDeps {
  openSession: SessionOpener;
  /** Tests and the bench read the Odoo calls a step made. */
  odoo?: (env: Env, tenantId: string, routing: Routing) => Promise<OdooClient | null>;
}

/** Fed writes are waited for this long; what is still unwritten then is compared as it is. */
export const SETTLE_MS = 10 * 60_000;
/** Seconds between two looks at the waiting records. */
const SETTLE_POLL_SECONDS = 2;
/** Waiting records looked at per step (event ids bound in chunks, one Odoo read per model). */
const SETTLE_BATCH = 400;
/** Audit statuses after which an event's write is over. */
const SETTLED = new Set(["delivered", "dead", "stale", "superseded", "ignored"]);

export type PageOutcome = { next: "now" | "later" | null; delaySeconds?: number };

/** Runs one step; the caller queues the next one as the outcome says. Transient provider errors throw. */
export async function reconcileStep(message: ReconcilePageMessage, env: Env, deps: PageDeps): Promise<PageOutcome> {
  const db = tenantDb(env, message.region);
  const job = await getJob(db, message.tenantId, message.jobId);
  if (!job || job.state !== "running") return { next: null };
  try {
    const outcome = job.phase === "listing" ? await listingStep(job, message.region, env, deps) : await settlingStep(job, message.region, env, deps);
    // The step went through: a "retrying" note left by an earlier attempt is no longer true.
    if (job.error) await updateJob(db, job.id, {}, { error: null });
    return outcome;
  } catch (err) {
    // Worth another try later: the provider or Odoo is busy or briefly unreachable. The job says so
    // meanwhile (state stays running), so a run that waits is never a silent one.
    if ((err instanceof ProviderApiError && err.category === "transient") || (err instanceof OdooError && err.category === "retryable")) {
      await updateJob(db, job.id, {}, { error: `retrying: ${err.message}`.slice(0, 1000) });
      throw err;
    }
    // Anything else will not get better by retrying this message: the job fails and says why.
    const reason = err instanceof ProviderApiError || err instanceof OdooError ? `${err.category}: ${err.message}` : `internal: ${err instanceof Error ? err.message : String(err)}`;
    await updateJob(db, job.id, {}, { state: "failed", phase: "done", error: reason.slice(0, 1000), finishedAt: Date.now() });
    if (!(err instanceof ProviderApiError)) console.error({ msg: "reconciliation step failed", jobId: job.id, err: err instanceof Error ? err.stack : String(err) });
    return { next: null };
  }
}

async function listingStep(job: ReconciliationJob, region: Region | undefined, env: Env, deps: PageDeps): Promise<PageOutcome> {
  const db = tenantDb(env, region);
  const source = await getSourceConfig(env, job.tenantId, job.sourceId, readSettings(env).sourceCacheSeconds);
  if (!source) throw new ProviderApiError("config", `source "${job.sourceId}" no longer exists`);
  const api = PROVIDERS[source.provider]?.api;
  if (!api?.listChanges) throw new ProviderApiError("config", `the ${source.provider} provider has no change listing`);
  const session = await deps.openSession(env, region, job.tenantId, job.sourceId);
  if (!session) throw new ProviderApiError("config", `source "${job.sourceId}" has no api connection (set "api" on PUT .../sources/${job.sourceId})`);
  const { routing } = await getRouting(env.DB, job.tenantId);
  const kinds = WRITTEN_KINDS.filter((k) => flowMode(routing, k) !== "ignore") as EntityKind[];

  const page = await api.listChanges(session, { since: job.since, until: job.until, cursor: job.cursor }, kinds);
  const now = Date.now();
  const compareNow: ListedValues[] = [];
  const waiting: PendingRecord[] = [];
  let unchanged = 0;
  let fed = 0;
  const base = { tenantId: job.tenantId, sourceId: job.sourceId, provider: source.provider, receivedAt: now, duplicateOf: null, ...(region ? { region } : {}) };
  const fedResults = job.dryRun
    ? page.events.map(() => null)
    : await feedInOrder(page.events, (item) => feedEvent(env, base, item, routing, source.retention, { quietIfKnown: true, hasApi: source.hasApi === true }));
  page.events.forEach((item, index) => {
    const values = listedValues(item.event);
    const deleted = item.event.action === "delete";
    const result = fedResults[index];
    if (result === null || result === undefined) {
      if (!deleted) compareNow.push(values); // a dry run: compared as listed
      return;
    }
    if (result.status === "ignored") return;
    if (result.status === "accepted") {
      fed++;
      // A batch flow's write waits for its slot: Odoo differs until then, and the job does not wait.
      if (flowMode(routing, values.kind) === "batch") compareNow.push(values);
      else waiting.push({ kind: values.kind, externalId: values.externalId, eventId: result.eventId, listed: { ...values } });
    } else {
      unchanged++;
      if (!deleted) compareNow.push(values);
    }
  });
  const exceptions = await compareAndRecord(job, region, compareNow, env, deps, routing, now);
  if (waiting.length) await addPending(db, job.id, waiting);
  const done = page.cursor === null;
  // Records fed on earlier pages may still be waiting for their write.
  const settle = done && !job.dryRun && (waiting.length > 0 || job.fed > 0);
  await updateJob(
    db,
    job.id,
    { pages: 1, listed: page.events.length, unchanged, fed, exceptions },
    done
      ? settle
        ? { cursor: null, phase: "settling", settleDeadline: now + SETTLE_MS }
        : { cursor: null, phase: "done", state: "done", finishedAt: now }
      : { cursor: page.cursor },
  );
  if (done && !job.dryRun && job.since !== job.until) await advanceWatermark(env.DB, job.tenantId, job.sourceId, job.until);
  if (!done) return { next: "now" };
  return settle ? { next: "later", delaySeconds: SETTLE_POLL_SECONDS } : { next: null };
}

async function settlingStep(job: ReconciliationJob, region: Region | undefined, env: Env, deps: PageDeps): Promise<PageOutcome> {
  const db = tenantDb(env, region);
  const now = Date.now();
  const waiting = await pendingOf(db, job.id, SETTLE_BATCH);
  if (waiting.length === 0) {
    await updateJob(db, job.id, {}, { phase: "done", state: "done", finishedAt: now });
    return { next: null };
  }
  const overdue = job.settleDeadline !== null && now >= job.settleDeadline;
  const statuses = await eventStatuses(db, job.tenantId, waiting.map((w) => w.eventId));
  const settled = waiting.filter((w) => overdue || SETTLED.has(statuses.get(w.eventId) ?? ""));
  if (settled.length === 0) return { next: "later", delaySeconds: SETTLE_POLL_SECONDS };
  const { routing } = await getRouting(env.DB, job.tenantId);
  // A superseded write lost to a newer version than the one listed: Odoo now holds that one, so
  // the listed values are out of date; the next run compares it.
  const toCompare = settled.filter((w) => statuses.get(w.eventId) !== "superseded").map((w) => w.listed as unknown as ListedValues);
  const exceptions = await compareAndRecord(job, region, toCompare, env, deps, routing, now);
  const written = settled.filter((w) => statuses.get(w.eventId) === "delivered").length;
  await removePending(db, job.id, settled);
  const finished = settled.length === waiting.length && waiting.length < SETTLE_BATCH;
  await updateJob(db, job.id, { written, exceptions }, finished ? { phase: "done", state: "done", finishedAt: now } : {});
  return finished ? { next: null } : { next: settled.length === waiting.length ? "now" : "later", delaySeconds: SETTLE_POLL_SECONDS };
}

/** Compares records with Odoo and records the result; returns how many exceptions were found. */
async function compareAndRecord(
  job: ReconciliationJob,
  region: Region | undefined,
  records: ListedValues[],
  env: Env,
  deps: PageDeps,
  routing: Routing,
  now: number,
): Promise<number> {
  records = records.filter((r) => COMPARED_KINDS.has(r.kind));
  if (records.length === 0) return 0;
  const db = tenantDb(env, region);
  const odoo = await (deps.odoo ?? defaultOdoo)(env, job.tenantId, routing);
  if (!odoo) throw new ProviderApiError("config", `tenant "${job.tenantId}" has no Odoo connection`);
  const mapped = new Map<string, Map<string, { model: string; id: number }>>();
  for (const kind of new Set(records.map((r) => r.kind))) {
    mapped.set(kind, await mappedRecords(db, job.tenantId, job.sourceId, kind, records.filter((r) => r.kind === kind).map((r) => r.externalId)));
  }
  const { found } = await compareWithOdoo(odoo, records, (kind) => mapped.get(kind) ?? new Map());
  await recordComparison(db, { tenantId: job.tenantId, sourceId: job.sourceId, jobId: job.id, now }, records, found);
  return found.length;
}

async function defaultOdoo(env: Env, tenantId: string, routing: Routing): Promise<OdooClient | null> {
  const delivery = await getTenantDelivery(env, tenantId);
  if (!delivery) return null;
  return odooClient(delivery.connection, routing.companyId ? { allowed_company_ids: [routing.companyId] } : undefined);
}

/** Entity objects fed at once by one step: a few, so a step stays a small share of the objects' time. */
const FEED_CONCURRENCY = 8;

/**
 * Feeds a page's objects, FEED_CONCURRENCY entities at a time; two versions of one entity in the
 * same page (offset paging can list an object twice) go one after the other, in page order.
 */
async function feedInOrder<T>(items: NormalizedEvent[], feed: (item: NormalizedEvent) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(items.length);
  const byEntity = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = `${item.event.kind}/${item.event.externalId}`;
    byEntity.set(key, [...(byEntity.get(key) ?? []), index]);
  });
  const groups = [...byEntity.values()];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(FEED_CONCURRENCY, groups.length) }, async () => {
      while (next < groups.length) {
        const group = groups[next++]!;
        for (const index of group) results[index] = await feed(items[index]!);
      }
    }),
  );
  return results;
}
