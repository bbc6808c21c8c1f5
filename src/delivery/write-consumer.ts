/**
 * Consumer of the odoo-writes queue. For each message:
 *   1. ask the tenant's OdooGate for a permit (concurrency cap, circuit breaker), through the
 *      batch's permits of that tenant (delivery/batch-permits.ts: a write that ends hands its slot
 *      on to one waiting in the batch, in the call that gives it back); refused -> the message
 *      waits on the queue (no attempt is spent, the entity's lease is stretched);
 *   2. claim the entity's in-flight write from its entity object (one consumer at a time);
 *   3. a thin event is first read from its provider (delivery/hydration.ts), then
 *      write it to Odoo (a transient failure of one call is retried at once where that is safe,
 *      odoo/retrying-client.ts, before the write backs off); report the outcome to the entity
 *      object (which releases its next write) and to the gate (which judges the tenant's Odoo health).
 * The decisions (refused permit, busy claim, failure -> retry, wait or dead) are pure: write-decision.ts.
 * Every message is acked or retried on its own; a failure is never acked unless it has been
 * recorded as dead in the entity object (and so in the audit trail).
 */
import type { Env, Settings } from "../env";
import { readSettings } from "../env";
import type { EventError } from "../audit/audit-message";
import { MappingStore } from "../db/mappings";
import { loadWriteTenant, type WriteTenant } from "../db/write-tenant";
import { mappedValues } from "../tenant/routing";
import { entityName } from "../entity/entity-name";
import { odooClient } from "../odoo/connect";
import { OdooError, type Dependency } from "../odoo/errors";
import { flowFor, mappedFields } from "../odoo/writers";
import { schemaAware, type SchemaAwareClient } from "../odoo/schema";
import { RetryingClient } from "../odoo/retrying-client";
import { referenceCacheFor } from "../odoo/reference-cache";
import type { DeliverySettings } from "../tenant/delivery-settings";
import type { Outcome } from "../tenant/gate-store";
import { retryDelaySeconds } from "./backoff";
import type { ClaimResult, WaitAnswer, WriteOutcome } from "../entity/entity-store";
import type { WriteMessage } from "./write-message";
import { entityNamespace, gateNamespace, tenantDb, type Region } from "../tenant/region";
import { HydrationLoader, prepareWrite } from "./hydration";
import { CountedMappings } from "./counted-mappings";
import { BatchPermits, type GatePort } from "./batch-permits";
import { LeasedRecordLocks, recordLockObject, waitForRecord } from "./record-locks";
import {
  classifyFailure,
  decideAfterFailure,
  decideAfterWaiting,
  delayWhenRefused,
  describeDependency,
  verdictForUnclaimed,
  type Failure,
  type RetryPolicy,
  type Verdict,
} from "./write-decision";
import { deliverOutbound, outboundOdoo } from "./outbound-delivery";
import { isOutboundFlow, type OutboundFlowName } from "../outbound/flow";
import type { CanonicalEvent } from "../events/canonical";

/**
 * How long a write refused only by the tenant's concurrency cap waits at the gate for a slot
 * (tenant/odoo-gate.ts) before going back to the queue: a slot frees within a write's time, a queue
 * retry costs seconds.
 */
const GATE_WAIT_MS = 3_000;

export async function consumeWrites(batch: MessageBatch<WriteMessage>, env: Env): Promise<void> {
  const settings = readSettings(env);
  const tenants = new Map<string, Promise<WriteTenant | null>>();
  // The gate's permits of each tenant's writes in this batch (delivery/batch-permits.ts).
  const pools = new Map<string, BatchPermits>();
  const permitsOf = (message: WriteMessage, tenant: WriteTenant | null): BatchPermits | null => {
    if (!tenant) return null;
    const key = `${message.region ?? ""}/${message.tenantId}`;
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = new BatchPermits(gatePort(env, message.region, message.tenantId, tenant.settings), tenant.settings, GATE_WAIT_MS)));
    return pool;
  };
  // Thin events of this batch are read from their providers together (delivery/hydration.ts).
  const hydration = new HydrationLoader(env);
  await Promise.all(
    batch.messages.map(async (message) => {
      let verdict: Verdict;
      try {
        if (!tenants.has(message.body.tenantId)) tenants.set(message.body.tenantId, loadWriteTenant(env, message.body.tenantId));
        const tenant = await tenants.get(message.body.tenantId)!;
        verdict = await deliver(message.body, message.id, message.attempts, env, settings, tenant, hydration, permitsOf(message.body, tenant));
      } catch (err) {
        // Unexpected (entity object unreachable, D1 down...): retry the message, never drop it.
        console.error({ msg: "write delivery crashed", eventId: message.body.eventId, err: String(err) });
        verdict = { ack: false, delaySeconds: retryDelaySeconds(message.attempts, policy(settings, null)) };
      }
      if (verdict.ack) message.ack();
      else message.retry({ delaySeconds: verdict.delaySeconds });
    }),
  );
}

function policy(settings: Settings, tenant: WriteTenant | null): RetryPolicy {
  const retry = tenant?.settings.retry ?? {};
  return {
    baseSeconds: retry.baseSeconds ?? settings.retryBaseSeconds,
    maxDelaySeconds: retry.maxDelaySeconds ?? settings.retryMaxDelaySeconds,
    maxAttempts: retry.maxAttempts ?? settings.retryMaxAttempts,
    windowSeconds: retry.windowSeconds ?? settings.retryWindowSeconds,
  };
}

async function deliver(
  message: WriteMessage,
  messageId: string,
  queueAttempts: number,
  env: Env,
  settings: Settings,
  tenant: WriteTenant | null,
  hydration: HydrationLoader,
  permits: BatchPermits | null,
): Promise<Verdict> {
  // The message says where the tenant's objects and data are: no tenant read on this path.
  const { region } = message;
  const entity = resilientEntity(env, region, message.entity);
  const gate = tenant ? gateNamespace(env, region).getByName(message.tenantId) : null;
  const permit = permits ? await permits.acquire() : null;
  if (permit && !permit.ok) {
    const delaySeconds = delayWhenRefused(permit, queueAttempts, policy(settings, tenant));
    await entity.defer(message.eventId, delaySeconds);
    return { ack: false, delaySeconds };
  }

  let outcome: Outcome | null = null;
  let errorText: string | null = null;
  let odoo: SchemaAwareClient | null = null;
  let transport: RetryingClient | null = null;
  try {
    const claim = await entity.claim(message.eventId, messageId, message.wake ?? 0);
    // Finished, superseded or a duplicate message (acked); or held by another write (back soon).
    if (claim.status !== "ready") return verdictForUnclaimed(claim, queueAttempts);

    const { identity, attempt } = claim;
    const started = Date.now();
    const retry = policy(settings, tenant);
    let failure: Failure;
    let waitsFor: Dependency | null;
    try {
      if (!tenant) throw new OdooError("auth", `tenant "${message.tenantId}" has no Odoo connection configured`);
      const { routing, version: routingVersion } = tenant.routing;
      // The way back: an Odoo change goes out to the providers (delivery/outbound-delivery.ts).
      if (isOutboundFlow(claim.event.kind)) {
        odoo = outboundOdoo(tenant.connection, routing);
        const sent = await deliverOutbound(env, region, identity, claim.event as CanonicalEvent & { kind: OutboundFlowName }, routing, odoo);
        outcome = "ok";
        await entity.complete(message.eventId, { ...sent, detail: { ...sent.detail, odooCalls: odoo.calls, ms: Date.now() - started, routingVersion } });
        return { ack: true };
      }
      const mappings = new CountedMappings(new MappingStore(tenantDb(env, region), identity.tenantId, identity.sourceId));
      // A thin event is read from its provider first (or is a deletion upstream).
      const prepared = await prepareWrite(hydration, region, identity, claim.event, routing, mappings);
      if (prepared.write === "nothing") {
        await entity.complete(message.eventId, { status: "ignored", reason: prepared.reason, detail: { ...prepared.detail, ms: Date.now() - started } });
        return { ack: true };
      }
      const event = prepared.write === "event" ? prepared.event : claim.event;
      const route = prepared.write === "flow" ? { flow: prepared.flow } : flowFor(event, routing);
      // Ingest records flow-less events as ignored; one gets here only from an older version, or
      // accepted before the tenant's routing turned its kind off: dead, replayable if turned on.
      if (!route.flow) throw new OdooError("business", route.reason);
      // A multi-company database: every call works in the tenant's company. A transient failure of
      // one call is retried right away where that is safe (src/odoo/retrying-client.ts), never
      // while the breaker is not closed and never on the breaker's probe (one call's evidence).
      // Values are filtered against the database's fields (src/odoo/schema.ts); mapped ones are
      // never dropped.
      const mayRetry = async () => !!gate && !!permit?.ok && !permit.probe && (await gate.allowsRetry());
      transport = new RetryingClient(
        odooClient(tenant.connection, routing.companyId ? { allowed_company_ids: [routing.companyId] } : undefined),
        { mayRetry },
      );
      odoo = schemaAware(transport, tenant.connection, mappedFields(routing, event.kind));
      const locks = new LeasedRecordLocks(() => recordLockObject(env, region, identity.tenantId, identity.sourceId), message.eventId);
      const result = await route.flow({
        odoo,
        mappings,
        provider: identity.provider,
        sourceId: identity.sourceId,
        lookups: referenceCacheFor(tenant.connection),
        // A queue retry or a replay: an earlier attempt may have created records in Odoo.
        // An earlier event of this entity that failed after an attempt counts too (claim.earlierWrite).
        earlierAttempt: attempt > 1 || Boolean(identity.replayOf) || claim.earlierWrite,
        own: { kind: event.kind, externalId: event.externalId },
        routing,
        extraValues: mappedValues(routing, event.kind, event),
        locks,
      });
      outcome = "ok";
      await entity.complete(message.eventId, {
        status: "delivered",
        odoo: result.odoo,
        detail: {
          ...prepared.detail,
          ...result.detail,
          // Built-in values this database has no field for (e.g. res.partner.company_name after 19).
          ...(odoo.droppedFields.length ? { droppedFields: odoo.droppedFields } : {}),
          odooCalls: odoo.calls,
          ...(transport.retriedCalls ? { odooCallsRetried: transport.retriedCalls } : {}),
          ...(locks.roundTrips ? { lockCalls: locks.roundTrips } : {}),
          mappingCalls: mappings.calls,
          ms: Date.now() - started,
          routingVersion,
        },
      });
      return { ack: true };
    } catch (err) {
      ({ failure, outcome, waitsFor } = classifyFailure(err));
      errorText = failure.message;
    }

    let decision = decideAfterFailure(failure, waitsFor, attempt, (Date.now() - identity.receivedAt) / 1000, retry);
    if (decision.kind === "wait") {
      // Woken by the entity waited for; an answer says it is ready (retry now) or dead already.
      const answer = await waitOn(env, region, identity, message, decision.on, started);
      const waitingFor = describeDependency(decision.on);
      decision = decideAfterWaiting(answer, decision);
      if (decision.kind === "retry") {
        await entity.recordRetry(message.eventId, decision.error, decision.delaySeconds, answer ? waitingFor : null);
        return { ack: false, delaySeconds: decision.delaySeconds };
      }
    }
    if (decision.kind === "dead") {
      await entity.complete(message.eventId, { status: "dead", error: decision.error, detail: { ms: Date.now() - started } });
      return { ack: true };
    }
    await entity.recordRetry(message.eventId, decision.error, decision.delaySeconds);
    return { ack: false, delaySeconds: decision.delaySeconds };
  } finally {
    if (permits && permit?.ok) {
      const calls = { made: odoo?.calls ?? 0, failed: transport?.failedCalls ?? 0 };
      await permits.release(permit.token, outcome, errorText, calls);
    }
  }
}

/**
 * The tenant's gate as a batch's permits use it. Giving a permit back (and the write's outcome to
 * the breaker) never fails the message: a gate that cannot be reached, even through a fresh stub,
 * lets the permit expire on its own.
 */
function gatePort(env: Env, region: Region | undefined, tenantId: string, settings: DeliverySettings): GatePort {
  const stub = () => gateNamespace(env, region).getByName(tenantId);
  const release = async (token: string, outcome: Outcome | null, error: string | null, calls: { made: number; failed: number }) => {
    for (let i = 0; i < 2; i++) {
      try {
        return await stub().release(token, outcome, error, settings, calls.made, calls.failed);
      } catch (err) {
        if (i === 1) console.error({ msg: "gate release failed", tenantId, err: String(err) });
      }
    }
  };
  return {
    acquire: (current, waitMs) => stub().acquire(current, waitMs),
    release,
    async releaseAndAcquire(token, outcome, error, calls) {
      try {
        return await stub().releaseAndAcquire(token, outcome, error, settings, calls.made, calls.failed);
      } catch {
        // Unknown whether it was given back: given back again, as a failed release always was (the
        // next permit, if the gate gave one, expires on its own like a crashed holder's).
        await release(token, outcome, error, calls);
        return null;
      }
    },
  };
}

/**
 * The entity object's stub, made again once if a call fails: after an object reset (a deploy, a
 * crash) the old stub stays broken while a new one works, and an outcome Odoo already committed
 * must still reach the object. Its methods are idempotent, so a repeated call is harmless.
 */
function resilientEntity(env: Env, region: Region | undefined, name: string) {
  const namespace = entityNamespace(env, region);
  let stub = namespace.getByName(name);
  const again = async <T>(call: (s: typeof stub) => Promise<T>): Promise<T> => {
    try {
      return await call(stub);
    } catch (err) {
      if ((err as { overloaded?: boolean }).overloaded) throw err; // never hammer an overloaded object
      stub = namespace.getByName(name);
      return call(stub);
    }
  };
  return {
    claim: (eventId: string, claimant: string, wake: number): Promise<ClaimResult> =>
      again(async (s) => (await s.claim(eventId, claimant, wake)) as ClaimResult),
    complete: (eventId: string, outcome: WriteOutcome) => again((s) => s.complete(eventId, outcome)),
    recordRetry: (eventId: string, error: EventError, seconds: number, waitingFor: string | null = null) =>
      again((s) => s.recordRetry(eventId, error, seconds, waitingFor)),
    defer: (eventId: string, seconds: number) => again((s) => s.defer(eventId, seconds)),
  };
}

/**
 * Registers the write as a waiter on the entity it waits for (same tenant and source), which
 * wakes it when that entity's write settles; or, when it found a record held, on the source's
 * record locks, which wake it when the record is given back. `since`: when this attempt
 * began, so an entity that became ready meanwhile answers `ready`. Null when the object
 * cannot be reached: the write then backs off as it did before wake-ups.
 */
async function waitOn(
  env: Env,
  region: Region | undefined,
  identity: { tenantId: string; sourceId: string },
  message: WriteMessage,
  on: Dependency,
  since: number,
): Promise<WaitAnswer | null> {
  const waiter = { entity: message.entity, eventId: message.eventId, region: region ?? null };
  if (on.needs === "free") return waitForRecord(env, region, identity, on, waiter);
  try {
    const dependency = entityNamespace(env, region).getByName(entityName(identity.tenantId, identity.sourceId, on.kind, on.externalId));
    return (await dependency.addWaiter(waiter, on.needs, since)) as WaitAnswer;
  } catch (err) {
    console.error({ msg: "waiter registration failed", eventId: message.eventId, err: String(err) });
    return null;
  }
}
