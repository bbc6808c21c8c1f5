/**
 * The shipped mark removes only the entries the audit message carried: entries a call added
 * between the read and the mark (the send is awaited, the object takes other calls meanwhile) stay,
 * in order, for the next message. The mark trims them in SQL without reading the row first.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { TimelineEntry } from "../../src/audit/audit-message";
import { EntityStore } from "../../src/entity/entity-store";
import { customerIngest as input } from "../support/customer-ingest";

it("timeline entries added after the send stay on the row, in order, for the next message", async () => {
  const stub = env.ENTITY.getByName(`shipped-mark-${crypto.randomUUID()}`);
  await runInDurableObject(stub, (_instance, state) => {
    const store = new EntityStore(state.storage.sql);
    const now = Date.now();
    const unshipped = () =>
      (JSON.parse(
        state.storage.sql.exec<{ unshipped: string | null }>("SELECT unshipped FROM events WHERE event_id = 'evt_v1'").one().unshipped ?? "null",
      ) as TimelineEntry[] | null)?.map((e) => [e.seq, e.step]) ?? null;
    expect(store.ingest(input(1, now), now).status).toBe("accepted");
    const first = store.pendingAudit(50);
    expect(first.shipped.get("evt_v1")).toBe(4); // received, verified, ordered, queued
    // While that message is being sent, the write is attempted and fails once, then once more.
    expect(store.claim("evt_v1", now).status).toBe("ready");
    store.recordRetry("evt_v1", { category: "transient", name: null, message: "timeout" }, 5, now);
    expect(store.claim("evt_v1", now + 5_000).status).toBe("ready");
    store.recordRetry("evt_v1", { category: "transient", name: null, message: "timeout" }, 10, now + 5_000);

    store.markAuditShipped(first.shipped);
    expect(unshipped()).toEqual([
      [5, "odoo_attempt"],
      [6, "odoo_attempt"],
    ]);
    // The next message carries them; once marked, nothing is left.
    const second = store.pendingAudit(50);
    expect(second.messages[0]!.entries.map((e) => e.seq)).toEqual([5, 6]);
    store.markAuditShipped(second.shipped);
    expect(unshipped()).toBeNull();
    expect(store.pendingAudit(50).messages).toEqual([]);
  });
});
