/** An EntityStore ingest input for a Shopify customer update: the smallest valid event, for store-level tests. */
import type { EventIdentity } from "../../src/audit/audit-message";
import type { IngestInput } from "../../src/entity/entity-store";
import { CANONICAL_SCHEMA } from "../../src/events/canonical";

export function customerIngest(version: number, at: number, eventId = `evt_v${version}`, deliveryId = `d-${version}`): IngestInput {
  const identity: EventIdentity = {
    id: eventId,
    tenantId: "acme",
    sourceId: "shop",
    provider: "shopify",
    topic: "customers/update",
    type: "customer.updated",
    kind: "customer",
    externalId: "1",
    deliveryId,
    version,
    receivedAt: at,
    duplicateOf: null,
  };
  const data = { email: null, firstName: null, lastName: null, phone: null, company: null, address: null };
  const event = { schema: CANONICAL_SCHEMA, provider: "shopify", topic: identity.topic, type: "customer.updated", kind: "customer" as const, externalId: "1", version, occurredAt: new Date(at).toISOString(), data };
  return { eventId, deliveryId, identity, event };
}
