/**
 * The gate keeps its permits and its window of recent outcomes in memory (src/tenant/gate-store.ts):
 * Odoo writes that go well write one billed row a minute (each wrote six). Only the breaker's changes,
 * a changed last error and the last success (once a minute) are written.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { deliverySettingsSchema } from "../../src/tenant/delivery-settings";
import { GateStore, migrateGateStore } from "../../src/tenant/gate-store";
import { countingSql as counting } from "../support/counting-sql";

const settings = deliverySettingsSchema.parse({
  maxConcurrency: 4,
  breaker: { failureRate: 0.5, window: 4, minSamples: 4, cooldownSeconds: 60, maxCooldownSeconds: 300 },
});

it("twenty writes that go well within a minute write one row (the last success), and the breaker still opens on failures", async () => {
  await runInDurableObject(env.ODOO_GATE.getByName(`gate-rows-${crypto.randomUUID()}`), (_instance, state) => {
    migrateGateStore(state.storage.sql);
    const measured = counting(state.storage.sql);
    const store = new GateStore(measured.sql);
    const now = Date.now();
    for (let i = 0; i < 20; i++) {
      const permit = store.acquire(settings, now + i);
      if (!permit.ok) throw new Error(`write ${i} refused: ${permit.reason}`);
      store.release(permit.token, "ok", null, settings, now + i, 5);
    }
    expect(measured.rowsWritten()).toBe(1);
    expect(store.health()).toMatchObject({ state: "closed", inFlight: 0, window: { writes: 4, calls: 20, failures: 0 } });

    // The window in memory still judges: four failed writes open the breaker (a durable change).
    for (let i = 0; i < 4; i++) {
      const permit = store.acquire(settings, now + 100 + i);
      if (!permit.ok) throw new Error("refused before the breaker should open");
      store.release(permit.token, "retryable", "HTTP 503", settings, now + 100 + i, 1, 1);
    }
    expect(store.health().state).toBe("open");
    // A restarted object (a new store on the same SQLite) still sees it open.
    expect(new GateStore(state.storage.sql).acquire(settings, now + 200)).toMatchObject({ ok: false, paused: true });
  });
});
