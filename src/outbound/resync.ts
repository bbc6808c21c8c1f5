/**
 * Resyncs of the way back (POST /v1/tenants/{t}/outbound/resyncs {flow, dryRun}): the current Odoo
 * state of one flow pushed through the usual path — onboarding a shop, or correcting drift. Each
 * record of the flow's watched models (`watches(version)`, its domain) is listed page by page by
 * id, mapped to its entity (`entityOf`), and every entity is fed as an outbound event
 * (`via: "resync"`, deliveryId `resync:<jobId>:<externalId>`, so an entity listed on two pages is
 * fed once) into its entity object: the flow then reads Odoo, compares with the ledger and writes
 * only what differs. A dry run lists and counts what would be fed.
 *
 * Steps run on the low-priority lane (the `replays` queue, as replays and reconciliations do): one
 * page per message, the next page queued by the step. A transient Odoo error retries the page.
 */
import type { Env } from "../env";
import { readSettings } from "../env";
import { advanceResync, failResync, getResync, insertResync, type OutboundResync } from "../db/outbound-resyncs";
import { getRouting } from "../db/routings";
import { tenantRegion } from "../db/tenant-regions";
import { getSourceConfig, getTenantDelivery, listSources } from "../db/tenants";
import { outboundOdoo } from "../delivery/outbound-delivery";
import { feedEvent } from "../entity/feed-event";
import { CANONICAL_SCHEMA, type CanonicalEvent } from "../events/canonical";
import { newUlid } from "../ids";
import { OdooError } from "../odoo/errors";
import { majorVersion } from "../odoo/schema";
import type { NormalizedEvent } from "../providers/provider";
import { tenantDb, type Region } from "../tenant/region";
import { ODOO_PROVIDER } from "../odoo/source/options";
import { OUTBOUND_FLOWS, type OutboundFlowName, type WatchedModel } from "./flow";
import { outboundRoute } from "./route";

/** Odoo records listed per step. */
export const RESYNC_PAGE_SIZE = 200;

export interface ResyncPageMessage {
  type: "outbound-resync-page";
  tenantId: string;
  jobId: string;
  region?: Region;
}

export class ResyncRefusal extends Error {
  constructor(
    readonly status: 400 | 404 | 422,
    readonly code: "invalid_request" | "unknown_source" | "flow_not_routed" | "no_odoo_source",
    message: string,
  ) {
    super(message);
  }
}

export async function startResync(
  env: Env,
  request: { tenantId: string; flow: string; dryRun: boolean; source?: string | undefined },
  now = Date.now(),
): Promise<OutboundResync> {
  const { tenantId } = request;
  if (!(OUTBOUND_FLOWS as readonly string[]).includes(request.flow)) {
    throw new ResyncRefusal(400, "invalid_request", `flow: must be one of ${OUTBOUND_FLOWS.join(", ")}`);
  }
  const flow = request.flow as OutboundFlowName;
  const { routing } = await getRouting(env.DB, tenantId);
  const route = outboundRoute(flow, routing);
  if (!route.flow) throw new ResyncRefusal(422, "flow_not_routed", `flow: ${route.reason}`);
  const sourceId = await odooSourceOf(env, tenantId, request.source);
  const region = await tenantRegion(env, tenantId, readSettings(env).sourceCacheSeconds);
  const job: OutboundResync = {
    id: `ors_${newUlid()}`,
    tenantId,
    sourceId,
    flow,
    dryRun: request.dryRun,
    state: "running",
    modelIndex: 0,
    afterId: 0,
    pages: 0,
    listed: 0,
    entities: 0,
    fed: 0,
    error: null,
    createdAt: now,
    finishedAt: null,
  };
  const db = tenantDb(env, region);
  await insertResync(db, job);
  const message: ResyncPageMessage = { type: "outbound-resync-page", tenantId, jobId: job.id, ...(region ? { region } : {}) };
  try {
    await env.REPLAYS.send(message);
  } catch (err) {
    await failResync(db, job.id, `internal: the job could not be queued (${String(err)})`, Date.now());
    throw err;
  }
  return job;
}

/** The tenant's Odoo source: the one named, else its only source of provider `odoo`. */
async function odooSourceOf(env: Env, tenantId: string, named: string | undefined): Promise<string> {
  const odooSources = (await listSources(env, tenantId)).filter((s) => s.provider === ODOO_PROVIDER);
  if (named) {
    if (!odooSources.some((s) => s.source === named)) {
      throw new ResyncRefusal(404, "unknown_source", `source: no Odoo source (provider "odoo") "${named}" for tenant "${tenantId}"`);
    }
    return named;
  }
  if (odooSources.length === 0) {
    throw new ResyncRefusal(422, "no_odoo_source", `the tenant has no Odoo source: create one (PUT /v1/admin/tenants/${tenantId}/sources/{source} {"provider":"odoo"}) first`);
  }
  if (odooSources.length > 1) {
    throw new ResyncRefusal(422, "invalid_request", `source: the tenant has several Odoo sources (${odooSources.map((s) => s.source).join(", ")}): name one`);
  }
  return odooSources[0]!.source;
}

/** One page of a resync; throws what should be retried (a transient Odoo error). */
export async function resyncStep({ tenantId, jobId, region }: ResyncPageMessage, env: Env, now = Date.now()): Promise<void> {
  const db = tenantDb(env, region);
  const job = await getResync(db, tenantId, jobId);
  if (!job || job.state !== "running") return;
  try {
    await runPage(env, db, job, region, now);
  } catch (err) {
    if (err instanceof OdooError && err.category === "retryable") throw err;
    await failResync(db, job.id, err instanceof Error ? err.message : String(err), Date.now());
  }
}

async function runPage(env: Env, db: D1Database, job: OutboundResync, region: Region | undefined, now: number): Promise<void> {
  const flow = job.flow as OutboundFlowName;
  const [{ routing }, tenant, source] = await Promise.all([
    getRouting(env.DB, job.tenantId),
    getTenantDelivery(env, job.tenantId),
    getSourceConfig(env, job.tenantId, job.sourceId, readSettings(env).sourceCacheSeconds),
  ]);
  if (!tenant) throw new Error(`tenant "${job.tenantId}" has no Odoo connection configured`);
  const route = outboundRoute(flow, routing);
  if (!route.flow) throw new Error(route.reason);
  const odoo = outboundOdoo(tenant.connection, routing);
  const version = majorVersion(await odoo.serverVersion());
  if (version === null) throw new OdooError("retryable", "the version of the tenant's Odoo could not be read (common.version)");
  const watched = route.flow.watches(version);
  const model = watched[job.modelIndex];
  if (!model) {
    await advanceResync(db, job.id, { listed: 0, entities: 0, fed: 0 }, { modelIndex: job.modelIndex, afterId: job.afterId }, { state: "done", finishedAt: now });
    return;
  }
  const records = await odoo.call<Record<string, unknown>[]>(model.model, "search_read", [[...model.domain, ["id", ">", job.afterId]]], {
    fields: [...new Set(["id", ...model.fields])],
    order: "id asc",
    limit: RESYNC_PAGE_SIZE,
    context: { active_test: false },
  });
  const entities = entitiesOf(model, records);
  let fed = 0;
  if (!job.dryRun) {
    const base = { tenantId: job.tenantId, sourceId: job.sourceId, provider: ODOO_PROVIDER, receivedAt: now, duplicateOf: null, ...(region ? { region } : {}) };
    for (const [externalId, ids] of entities) {
      const result = await feedEvent(env, base, resyncEvent(job, flow, model.model, externalId, ids, now), routing, source?.retention, { quietIfKnown: true });
      if (result.status === "accepted") fed++;
    }
  }
  const last = records.at(-1);
  const lastId = typeof last?.id === "number" ? last.id : job.afterId;
  const pageFull = records.length === RESYNC_PAGE_SIZE;
  // The model's last page moves on to the next watched model; past the last one the job is done.
  const position = pageFull ? { modelIndex: job.modelIndex, afterId: lastId } : { modelIndex: job.modelIndex + 1, afterId: 0 };
  const done = !pageFull && job.modelIndex + 1 >= watched.length;
  await advanceResync(db, job.id, { listed: records.length, entities: entities.size, fed }, position, done ? { state: "done", finishedAt: Date.now() } : undefined);
  if (!done) await env.REPLAYS.send({ type: "outbound-resync-page", tenantId: job.tenantId, jobId: job.id, ...(region ? { region } : {}) } satisfies ResyncPageMessage);
}

/** Records -> entity -> the ids of its records on this page (pure). */
export function entitiesOf(model: WatchedModel, records: Record<string, unknown>[]): Map<string, number[]> {
  const entities = new Map<string, number[]>();
  for (const record of records) {
    const entity = model.entityOf(record);
    if (entity === null || typeof record.id !== "number") continue;
    entities.set(entity, [...(entities.get(entity) ?? []), record.id]);
  }
  return entities;
}

function resyncEvent(job: OutboundResync, flow: OutboundFlowName, model: string, externalId: string, ids: number[], now: number): NormalizedEvent {
  const event: CanonicalEvent = {
    schema: CANONICAL_SCHEMA,
    provider: ODOO_PROVIDER,
    topic: "resync",
    type: `${flow}.resync`,
    kind: flow,
    externalId,
    version: now,
    occurredAt: new Date(now).toISOString(),
    action: "upsert",
    completeness: "full",
    data: { model, ids: ids.slice(0, 1000), via: "resync", writeDate: null },
  } as CanonicalEvent;
  return { deliveryId: `resync:${job.id}:${externalId}`, event };
}
