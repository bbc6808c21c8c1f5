/**
 * Outbound events fed straight into their entity objects (src/entity/feed-event.ts), as Odoo as a
 * source (callbacks, the poller) does: kind = flow name, on the tenant's Odoo source.
 */
import { env } from "cloudflare:workers";
import { feedEvent } from "../../src/entity/feed-event";
import type { CanonicalEvent } from "../../src/events/canonical";
import type { OutboundFlowName } from "../../src/outbound/flow";
import { routingSchema } from "../../src/tenant/routing";
import type { TestTenant } from "./router";

export const ODOO_SOURCE = "odoo";

export async function feedOdooChange(
  t: TestTenant,
  flow: OutboundFlowName,
  externalId: string,
  routing: Record<string, unknown>,
  change: { model?: string; ids?: number[]; deliveryId?: string } = {},
) {
  const now = Date.now();
  const event = {
    schema: "router.event/v1",
    provider: "odoo",
    topic: "callback",
    type: `${flow}.changed`,
    kind: flow,
    externalId,
    version: now,
    occurredAt: new Date(now).toISOString(),
    data: { model: change.model ?? "product.product", ids: change.ids ?? [Number(externalId)], via: "callback", writeDate: null },
  } as CanonicalEvent;
  return feedEvent(
    env,
    { tenantId: t.tenant, sourceId: ODOO_SOURCE, provider: "odoo", receivedAt: now, duplicateOf: null },
    { deliveryId: change.deliveryId ?? `odoo:${change.model ?? "product.product"}:${externalId}:${now}`, event },
    routingSchema.parse(routing),
    undefined,
  );
}
