/**
 * One canonical event into its entity object, the same way from every path that has one: a
 * webhook (src/http/ingest.ts), a reconciliation listing (src/reconcile/) and the related objects a
 * provider read showed (src/delivery/hydration.ts). Dedup, ordering and stale guards are the entity
 * object's; here the routing decides whether the event has a flow at all (otherwise it is recorded
 * `ignored`), a thin event whether it can be read later, and a batch flow when it is released.
 */
import type { AppEnv } from "../env";
import type { AuditMessage, EventIdentity } from "../audit/audit-message";
import { isThin, type CanonicalEvent } from "../events/canonical";
import { newEventId } from "../ids";
import { flowFor } from "../odoo/writers";
import { isOutboundFlow } from "../outbound/flow";
import { outboundRoute } from "../outbound/route";
import type { NormalizedEvent, Provider, SourceConfig } from "../providers/provider";
import { PROVIDERS } from "../providers/registry";
import { batchReleaseAt } from "../reconcile/schedule";
import { entityNamespace, tenantDb } from "../tenant/region";
import { findEcho, type EchoMatch } from "../outbound/echo";
import { flowMode, type Routing } from "../tenant/routing";
import { entityName } from "./entity-name";
import type { IngestResult } from "./entity-store";

export type EventBase = Pick<EventIdentity, "tenantId" | "sourceId" | "provider" | "receivedAt" | "duplicateOf" | "region">;

/**
 * One event into its entity object, as the webhook path does it (also used by reconciliation,
 * src/reconcile/, with `quietIfKnown`): the entity's own answer (accepted, stale, duplicate), or
 * ignored (recorded) when the routing has no flow for it. A batch flow's write is held until the
 * source's next reconciliation slot.
 */
export async function feedEvent(
  env: AppEnv["Bindings"],
  base: EventBase,
  { deliveryId, event }: NormalizedEvent,
  routing: Routing,
  retention: SourceConfig["retention"],
  { hasApi = false, holdUntil: settleUntil, ...options }: { quietIfKnown?: boolean; hasApi?: boolean; holdUntil?: number } = {},
): Promise<IngestResult | { status: "ignored"; reason: string } | { status: "echo"; eventId: string; reason: string }> {
  const eventId = newEventId(base.receivedAt);
  const identity: EventIdentity = {
    ...base,
    id: eventId,
    topic: event.topic,
    type: event.type,
    kind: event.kind,
    externalId: event.externalId,
    deliveryId,
    version: event.version,
  };
  // A webhook reporting the router's own outbound write (its value equals the ledger's, just
  // written): recorded `echo`, nothing written. Listings (reconciliation, hydration) are not probed.
  if (!options.quietIfKnown && !isOutboundFlow(event.kind)) {
    const echo = await findEcho(() => tenantDb(env, base.region), base.tenantId, base.sourceId, base.provider, event as CanonicalEvent, routing, Date.now());
    if (echo) {
      const reason = `echo of the router's own ${echo.flow} write (${echo.objectKey}, event ${echo.eventId}): the provider reports the value the router sent`;
      await env.AUDIT_LOG.send(echoRecord(identity, echo, reason));
      return { status: "echo", eventId, reason };
    }
  }
  // An Odoo change goes out through its outbound flow (src/outbound/route.ts); a thin event the
  // source's API connection can read is written once it has been fetched.
  const route = isOutboundFlow(event.kind)
    ? outboundRoute(event.kind, routing)
    : (thinAtIngest(event as CanonicalEvent, PROVIDERS[base.provider], hasApi, routing) ?? flowFor(event as CanonicalEvent, routing));
  if (!route.flow) {
    await env.AUDIT_LOG.send(ignoredRecord(identity, route.reason));
    return { status: "ignored", reason: route.reason };
  }
  // A batch flow waits for the source's slot; an Odoo change waits to settle (`holdUntil` given:
  // Odoo 17/18 call before they commit), its newer changes meanwhile collapse into one write.
  const holdUntil =
    flowMode(routing, event.kind) === "batch" ? await batchReleaseAt(env, base.tenantId, base.sourceId, Date.now()) : settleUntil;
  const stub = entityNamespace(env, base.region).getByName(entityName(base.tenantId, base.sourceId, event.kind, event.externalId));
  return stub.ingest({ eventId, deliveryId, identity, event, retention, ...(holdUntil ? { holdUntil } : {}), ...options });
}


/**
 * At ingest: whether a thin event can be read later (the source has `api` and the provider's
 * client reads its resource), else why it is ignored. null: not a thin event.
 */
export function thinAtIngest(
  event: CanonicalEvent,
  provider: Provider | undefined,
  hasApi: boolean,
  routing: Routing,
): { flow: "hydrate" } | { flow: null; reason: string } | null {
  const data = event.data;
  if (!isThin(data)) return null;
  // The tenant's routing turned the kind off: that reason first.
  if (flowMode(routing, event.kind) === "ignore") return flowFor(event, routing) as { flow: null; reason: string };
  const api = provider?.api;
  const what = `thin ${event.provider} event (${data.resource} ${data.operation})`;
  if (!api?.hydrate) return { flow: null, reason: `${what}: fetching it from ${event.provider} is not supported` };
  if (!(api.hydrates ?? []).includes(data.resource) && event.action !== "delete") {
    return { flow: null, reason: `${what}: the ${event.provider} API client does not read ${data.resource} (it reads: ${(api.hydrates ?? []).join(", ") || "nothing"})` };
  }
  if (!hasApi) return { flow: null, reason: `${what}: configure "api" on the source (PUT .../sources/{source}) so it is fetched and written` };
  return { flow: "hydrate" };
}

/** The audit record of an acknowledged delivery or event that is not written (with the reason). */
export function ignoredRecord(
  identity: Omit<EventIdentity, "type" | "kind" | "externalId" | "version"> & Partial<EventIdentity>,
  reason: string,
): AuditMessage {
  const at = identity.receivedAt;
  return {
    type: "audit",
    event: { type: null, kind: null, externalId: null, version: null, ...identity },
    state: { status: "ignored", statusSeq: 3, attempts: 0, reason, odoo: null, error: null },
    entries: [
      { seq: 1, at, step: "received", detail: { deliveryId: identity.deliveryId, topic: identity.topic } },
      { seq: 2, at, step: "verified", detail: null },
      { seq: 3, at, step: "ignored", detail: { reason } },
    ],
  };
}

/** The audit record of a provider webhook that reports the router's own write (status `echo`). */
export function echoRecord(identity: EventIdentity, echo: EchoMatch, reason: string): AuditMessage {
  const at = identity.receivedAt;
  return {
    type: "audit",
    event: identity,
    state: { status: "echo", statusSeq: 3, attempts: 0, reason, odoo: null, error: null },
    entries: [
      { seq: 1, at, step: "received", detail: { deliveryId: identity.deliveryId, topic: identity.topic } },
      { seq: 2, at, step: "verified", detail: null },
      { seq: 3, at, step: "echo", detail: { flow: echo.flow, objectKey: echo.objectKey, writtenBy: echo.eventId, writtenAt: new Date(echo.writtenAt).toISOString() } },
    ],
  };
}
