import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordLockObject } from "../../src/delivery/record-locks";
import { RECORD_LOCK_LEASE_MS, RecordLockStore } from "../../src/delivery/record-lock-store";
import { uniqueId } from "../support/shopify";

const customer = { kind: "customer", externalId: "c1" };

it("a lock object restarted with nothing in memory still refuses a held key (no duplicate create), and lets it go when the lease ends", async () => {
  const locks = recordLockObject(env, undefined, uniqueId("tenant"), "shop");
  expect(await locks.hold("order-1", [customer])).toEqual({ status: "held" });

  // A fresh store on the object's storage: what a restarted object reads back from its rows.
  const [now, later] = await runInDurableObject(locks, (_instance, state) => {
    const restarted = new RecordLockStore(state.storage.sql);
    const at = Date.now();
    return [restarted.hold("order-2", [customer], at), new RecordLockStore(state.storage.sql).hold("order-2", [customer], at + RECORD_LOCK_LEASE_MS + 1)];
  });
  expect(now).toMatchObject({ status: "busy", key: customer });
  // The holder crashed and never gave it back: after its lease, another write may take the key.
  expect(later).toEqual({ status: "held" });
});
