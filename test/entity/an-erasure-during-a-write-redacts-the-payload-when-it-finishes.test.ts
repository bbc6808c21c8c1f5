import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import type { CanonicalEvent } from "../../src/events/canonical";
import { uniqueId } from "../support/shopify";

const customer = (version: number, email: string): CanonicalEvent => ({
  schema: "router.event/v1",
  provider: "shopify",
  topic: "customers/update",
  type: "customer.updated",
  kind: "customer",
  externalId: "42",
  version,
  occurredAt: new Date(version).toISOString(),
  action: "upsert",
  data: { email, firstName: "Jane", lastName: "Roe", phone: "+15555550100", company: null, address: null },
});

const identity = (id: string, version: number) => ({
  id,
  tenantId: "t",
  sourceId: "shop",
  provider: "shopify",
  topic: "customers/update",
  type: "customer.updated",
  kind: "customer",
  externalId: "42",
  deliveryId: `d-${id}`,
  version,
  receivedAt: version,
  duplicateOf: null,
});

it("an erasure keeps the payload of a write in flight to Odoo until it finishes, then redacts it; later deliveries are kept", async () => {
  const stub = env.ENTITY.getByName(uniqueId("erasure-store"));
  await runInDurableObject(stub, (_instance, state) => {
    const store = new EntityStore(state.storage.sql);
    const payload = (id: string) =>
      state.storage.sql.exec<{ payload: string; redacted_at: number | null }>("SELECT payload, redacted_at FROM events WHERE event_id = ?", id).one();
    const now = Date.now();
    store.ingest({ eventId: "e1", deliveryId: "d-e1", identity: identity("e1", 1000), event: customer(1000, "jane@example.test") }, now);

    const erased = store.erase(now + 1);
    expect(erased).toEqual({ payloads: 0, pending: 1, emails: ["jane@example.test"] });
    // The write still needs its data.
    const claim = store.claim("e1", now + 2);
    expect(claim.status === "ready" && claim.event.data).toMatchObject({ email: "jane@example.test" });

    store.complete("e1", { status: "delivered", odoo: { model: "res.partner", id: 7 }, detail: {} }, now + 3);
    expect(payload("e1").redacted_at).not.toBeNull();
    expect(payload("e1").payload).not.toContain("jane@example.test");
    expect(JSON.parse(payload("e1").payload).data).toMatchObject({ email: null, firstName: null, lastName: null, phone: null });

    // New data arriving after the erasure is not erased.
    store.ingest({ eventId: "e2", deliveryId: "d-e2", identity: identity("e2", 2000), event: customer(2000, "jane.new@example.test") }, now + 10);
    store.claim("e2", now + 11);
    store.complete("e2", { status: "delivered", odoo: { model: "res.partner", id: 7 }, detail: {} }, now + 12);
    expect(payload("e2").redacted_at).toBeNull();
    expect(payload("e2").payload).toContain("jane.new@example.test");
  });
});
