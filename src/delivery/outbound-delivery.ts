/**
 * The delivery step of the way back (src/outbound/flow.ts): a claimed outbound event (kind = flow
 * name, on the tenant's Odoo source) is handed to its flow module with everything it needs — the
 * tenant's Odoo in its company (schema-aware, like inbound writes), Odoo's major version, an API
 * session for every target source of the routing's `to`, the D1 ledger and the mappings — and the
 * flow's writes become the event's outcome:
 *   something sent             -> delivered, detail {direction: "outbound", writes, links}
 *   every write unchanged/skipped -> ignored: the providers already hold these values
 * Failures are thrown as the write consumer classifies them (src/delivery/write-consumer.ts): a
 * target that is unknown or has no `api` is a configuration error (dead, replayable once fixed);
 * a provider's ProviderApiError is retried or dead as in hydration and never counts against the
 * Odoo breaker.
 */
import type { Env } from "../env";
import { readSettings } from "../env";
import type { EventIdentity } from "../audit/audit-message";
import { openSession } from "../connections/open-session";
import { MappingStore } from "../db/mappings";
import { D1OutboundLedger } from "../db/outbound-ledger";
import { getSourceConfig } from "../db/tenants";
import type { WriteOutcome } from "../entity/entity-store";
import type { CanonicalEvent } from "../events/canonical";
import type { OdooConnection } from "../odoo/client";
import { odooClient } from "../odoo/connect";
import { OdooError } from "../odoo/errors";
import { majorVersion, schemaAware, type SchemaAwareClient } from "../odoo/schema";
import { odooChangeSchema, type OutboundContext, type OutboundFlowName, type OutboundResult, type OutboundTarget, type OutboundWrite } from "../outbound/flow";
import { outboundRoute } from "../outbound/route";
import { ProviderApiError } from "../providers/provider-api";
import type { Routing } from "../tenant/routing";
import { tenantDb, type Region } from "../tenant/region";

/** The tenant's Odoo for an outbound flow: in its company, schema-aware (no mapped fields: it reads). */
export function outboundOdoo(connection: OdooConnection, routing: Routing): SchemaAwareClient {
  return schemaAware(odooClient(connection, routing.companyId ? { allowed_company_ids: [routing.companyId] } : undefined), connection);
}

/** Runs the event's flow and says how the event ends; throws what the consumer retries or buries. */
export async function deliverOutbound(
  env: Env,
  region: Region | undefined,
  identity: EventIdentity,
  event: CanonicalEvent & { kind: OutboundFlowName },
  routing: Routing,
  odoo: SchemaAwareClient,
): Promise<Exclude<WriteOutcome, { status: "dead" }>> {
  const route = outboundRoute(event.kind, routing);
  // Accepted while the routing had the flow, turned off since: dead with the fix, replayable.
  if (!route.flow) throw new ProviderApiError("config", `configuration: ${route.reason}`);
  const parsed = odooChangeSchema.safeParse(event.data);
  if (!parsed.success) throw new OdooError("business", `outbound ${event.kind} event without a valid Odoo change: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const change = parsed.data;
  const db = tenantDb(env, region);
  const targets = await openTargets(env, region, identity.tenantId, event.kind, route.config.to);
  const odooVersion = majorVersion(await odoo.serverVersion());
  if (odooVersion === null) throw new OdooError("retryable", "the version of the tenant's Odoo could not be read (common.version): retried");
  const ctx: OutboundContext = {
    tenantId: identity.tenantId,
    eventId: identity.id,
    externalId: event.externalId,
    change,
    config: route.config as OutboundContext["config"],
    routing,
    odoo,
    odooVersion,
    targets,
    ledger: new D1OutboundLedger(db, identity.tenantId),
    mappings: (sourceId) => new MappingStore(db, identity.tenantId, sourceId),
  };
  return outcomeOf(event.kind, await route.flow.send(ctx));
}

/** A flow's result as the event's outcome (pure: unit-tested). */
export function outcomeOf(flow: OutboundFlowName, result: OutboundResult): Exclude<WriteOutcome, { status: "dead" }> {
  const writes = result.writes;
  const links = writes.filter((w) => w.link).map((w) => ({ to: w.to, provider: w.provider, objectKey: w.objectKey, link: w.link! }));
  const detail = { ...result.detail, direction: "outbound" as const, flow, writes, links };
  if (writes.some((w) => w.status === "sent")) return { status: "delivered", odoo: result.odoo, detail };
  return { status: "ignored", reason: nothingSentReason(flow, writes), detail };
}

function nothingSentReason(flow: OutboundFlowName, writes: OutboundWrite[]): string {
  if (writes.length === 0) return `${flow}: nothing to send (no provider object this change concerns)`;
  const unchanged = writes.filter((w) => w.status === "unchanged").length;
  const skipped = writes.filter((w) => w.status === "skipped");
  const parts = [
    unchanged ? `${unchanged} unchanged (the provider already holds these values)` : null,
    skipped.length ? `${skipped.length} skipped (${[...new Set(skipped.map((w) => w.reason ?? "not applicable"))].join("; ")})` : null,
  ].filter(Boolean);
  return `${flow}: nothing sent: ${parts.join(", ")}`;
}

/**
 * An API session per target source; a target that does not exist or has no `api` connection is a
 * configuration error naming it and the fix (the routing check refuses both, but a source can be
 * deleted or lose its api after the routing was stored).
 */
async function openTargets(env: Env, region: Region | undefined, tenantId: string, flow: OutboundFlowName, to: string[]): Promise<OutboundTarget[]> {
  return Promise.all(
    to.map(async (sourceId) => {
      const session = await openSession(env, region, tenantId, sourceId);
      const source = await getSourceConfig(env, tenantId, sourceId, readSettings(env).sourceCacheSeconds);
      if (!source) {
        throw new ProviderApiError("config", `configuration: outbound.${flow}.to names source "${sourceId}", which this tenant does not have: create it or change the routing`);
      }
      if (!session) {
        throw new ProviderApiError(
          "config",
          `configuration: outbound.${flow}.to names source "${sourceId}", which has no api connection: PUT /v1/admin/tenants/${tenantId}/sources/${sourceId} with an "api" to send ${flow} to it`,
        );
      }
      return { sourceId, provider: source.provider, session };
    }),
  );
}
