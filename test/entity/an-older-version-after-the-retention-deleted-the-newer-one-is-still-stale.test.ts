/**
 * The version an entity applied is read from its settled rows (no row write per completion); the
 * retention deletes those rows after payloadDays, and the version must outlive them: a late older
 * version is still stale afterwards.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { EntityStore } from "../../src/entity/entity-store";
import { customerIngest as input } from "../support/customer-ingest";

const DAY = 24 * 3600_000;

it("an older version arriving after the retention deleted the applied newer one is stale", async () => {
  const stub = env.ENTITY.getByName(`retained-version-${crypto.randomUUID()}`);
  await runInDurableObject(stub, (_instance, state) => {
    const store = new EntityStore(state.storage.sql);
    const now = Date.now();
    expect(store.ingest(input(2, now), now).status).toBe("accepted");
    expect(store.claim("evt_v2", now).status).toBe("ready");
    expect(store.complete("evt_v2", { status: "delivered", odoo: { model: "res.partner", id: 7 }, detail: {} }, now)).toBe(true);
    store.markAuditShipped(store.pendingAudit(50).shipped);

    // Past payloadDays (8) and the dedup window: the delivered row and its delivery id are gone.
    const later = now + 10 * DAY;
    store.maintain(later);
    expect(state.storage.sql.exec("SELECT event_id FROM events").toArray()).toEqual([]);
    expect(store.ingest(input(1, later), later).status).toBe("stale");
  });
});
