/**
 * Consumer of the odoo-writes queue. For each message: claim the entity's in-flight write from its
 * entity object, write it to Odoo, report the outcome back (which releases the entity's next
 * write). Every message is acked or retried on its own; a failure is never acked unless it has
 * been recorded as dead in the entity object (and so in the audit trail).
 */
import type { Env, Settings } from "../env";
import { readSettings } from "../env";
import type { EventError } from "../audit/audit-message";
import { MappingStore } from "../db/mappings";
import { getOdooConnection } from "../db/tenants";
import type { OdooConnection } from "../odoo/client";
import { entityName } from "../entity/entity-name";
import { DependencyBusyError, OdooError } from "../odoo/errors";
import { odooClient } from "../odoo/jsonrpc";
import { flowFor } from "../odoo/writers";
import { retryDelaySeconds } from "./backoff";
import type { WriteMessage } from "./write-message";

type Verdict = { ack: true } | { ack: false; delaySeconds: number };

export async function consumeWrites(batch: MessageBatch<WriteMessage>, env: Env): Promise<void> {
  const settings = readSettings(env);
  const connections = new Map<string, Promise<OdooConnection | null>>();
  const lookups = new Map<string, number | null>();
  await Promise.all(
    batch.messages.map(async (message) => {
      let verdict: Verdict;
      try {
        verdict = await deliver(message.body, env, settings, connections, lookups);
      } catch (err) {
        // Unexpected (entity object unreachable, D1 down...): retry the message, never drop it.
        console.error({ msg: "write delivery crashed", eventId: message.body.eventId, err: String(err) });
        verdict = { ack: false, delaySeconds: retryDelaySeconds(message.attempts, policy(settings)) };
      }
      if (verdict.ack) message.ack();
      else message.retry({ delaySeconds: verdict.delaySeconds });
    }),
  );
}

const policy = (s: Settings) => ({ baseSeconds: s.retryBaseSeconds, maxDelaySeconds: s.retryMaxDelaySeconds });

async function deliver(
  message: WriteMessage,
  env: Env,
  settings: Settings,
  connections: Map<string, Promise<OdooConnection | null>>,
  lookups: Map<string, number | null>,
): Promise<Verdict> {
  const entity = env.ENTITY.getByName(message.entity);
  const claim = await entity.claim(message.eventId);
  if (claim.status === "gone") return { ack: true }; // already finished, superseded, or a duplicate message
  if (claim.status === "busy") return { ack: false, delaySeconds: Math.max(1, claim.retryInSeconds) };

  const { identity, event, attempt } = claim;
  const started = Date.now();
  let failure: EventError & { retryAfterSeconds: number | null };
  try {
    const tenantId = identity.tenantId;
    if (!connections.has(tenantId)) connections.set(tenantId, getOdooConnection(env, tenantId));
    const connection = await connections.get(tenantId)!;
    if (!connection) throw new OdooError("auth", `tenant "${tenantId}" has no Odoo connection configured`);
    const odoo = odooClient(connection);
    const ctx = {
      odoo,
      mappings: new MappingStore(env.DB, tenantId, identity.sourceId),
      provider: identity.provider,
      sourceId: identity.sourceId,
      lookups,
      own: { kind: event.kind, externalId: event.externalId },
      async withEntity<T>(kind: string, externalId: string, fn: () => Promise<T>): Promise<T> {
        const other = env.ENTITY.getByName(entityName(tenantId, identity.sourceId, kind, externalId));
        const lock = await other.lockForDependent(message.eventId);
        if (lock.status === "busy") throw new DependencyBusyError(`${kind} ${externalId}`, lock.retryInSeconds);
        try {
          return await fn();
        } finally {
          await other.unlockForDependent(message.eventId);
        }
      },
    };
    try {
      const route = flowFor(event);
      // Ingest records flow-less events as ignored; one can only get here from an older version.
      if (!route.flow) throw new OdooError("business", route.reason);
      const result = await route.flow(ctx);
      await entity.complete(message.eventId, {
        status: "delivered",
        odoo: result.odoo,
        detail: { ...result.detail, odooCalls: odoo.calls, ms: Date.now() - started },
      });
      return { ack: true };
    } finally {
      lookups.clear(); // codes are cached per batch and per tenant database only
    }
  } catch (err) {
    failure =
      err instanceof OdooError
        ? { category: err.category, name: err.odooName, message: err.message, retryAfterSeconds: err.retryAfterSeconds }
        : { category: "retryable", name: null, message: err instanceof Error ? err.message : String(err), retryAfterSeconds: null };
  }

  const { retryAfterSeconds, ...error } = failure;
  const permanent = error.category === "business" || error.category === "not_found";
  if (permanent || attempt >= settings.retryMaxAttempts) {
    const why = permanent ? error : { ...error, message: `gave up after ${attempt} attempts: ${error.message}` };
    await entity.complete(message.eventId, { status: "dead", error: why, detail: { ms: Date.now() - started } });
    return { ack: true };
  }
  const delaySeconds = retryDelaySeconds(attempt, policy(settings), retryAfterSeconds);
  await entity.recordRetry(message.eventId, error, delaySeconds);
  return { ack: false, delaySeconds };
}
