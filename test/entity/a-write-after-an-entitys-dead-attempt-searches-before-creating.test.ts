/**
 * A first attempt creates without searching for what it would create (fewer Odoo calls), which is
 * safe only when no earlier attempt can have created it. An earlier event of the same entity that
 * was attempted and ended dead (its create's answer lost, say) may have: the next event's claim
 * says so, and the writers search first (`earlierAttempt`).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { customerIngest as input } from "../support/customer-ingest";

const earlierWrite = (store: EntityStore, eventId: string, now: number) => {
  const claim = store.claim(eventId, now);
  if (claim.status !== "ready") throw new Error(`claim of ${eventId}: ${claim.status}`);
  return claim.earlierWrite;
};

it("the write after an event that was attempted and ended dead searches before creating; after a delivered one it does not", async () => {
  await runInDurableObject(env.ENTITY.getByName(`earlier-write-${crypto.randomUUID()}`), (_instance, state) => {
    const store = new EntityStore(state.storage.sql);
    const now = Date.now();
    expect(store.ingest(input(1, now), now).status).toBe("accepted");
    expect(earlierWrite(store, "evt_v1", now)).toBe(false); // the entity's first write
    store.complete("evt_v1", { status: "dead", error: { category: "retryable", name: null, message: "the create's answer was lost" }, detail: {} }, now);

    expect(store.ingest(input(2, now + 1000), now + 1000).status).toBe("accepted");
    expect(earlierWrite(store, "evt_v2", now + 1000)).toBe(true);
    store.complete("evt_v2", { status: "delivered", odoo: { model: "res.partner", id: 9 }, detail: {} }, now + 1000);
  });

  await runInDurableObject(env.ENTITY.getByName(`earlier-write-delivered-${crypto.randomUUID()}`), (_instance, state) => {
    const store = new EntityStore(state.storage.sql);
    const now = Date.now();
    store.ingest(input(1, now), now);
    earlierWrite(store, "evt_v1", now);
    store.complete("evt_v1", { status: "delivered", odoo: { model: "res.partner", id: 9 }, detail: {} }, now);
    store.ingest(input(2, now + 1000), now + 1000);
    expect(earlierWrite(store, "evt_v2", now + 1000)).toBe(false); // its mapping was written: nothing to search for
  });
});
