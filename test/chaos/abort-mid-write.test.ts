/**
 * Found by the chaos run (FULL_PROFILE, seed 20261123: the last events settled ~300 s after the
 * `abortAllDurableObjects()` at delivery 8000). Minimized here.
 *
 * A Durable Object reset (a deploy, a crash; here abortAllDurableObjects) while a write is in Odoo:
 * the Odoo write commits, then the consumer's `entity.complete()` and `entity.recordRetry()` go
 * through the stub it got before the reset, which is broken ("Application called
 * abortAllDurableObjects()"), so the consumer crashes ("write delivery crashed") and the queue
 * retries the message. The entity object still holds the claim it granted (claim_until = claim time
 * + CLAIM_LEASE_MS), so every retry hears `busy` and waits: the entity, and every newer version of
 * it, is stuck for 5 minutes although nothing is wrong any more. Nothing is lost or duplicated
 * (the write is redone after the lease, idempotently), but every deploy stalls in-flight writes.
 * Fixed: the consumer retries an entity call once on a fresh stub (write-consumer.ts
 * resilientEntity), and the same queue message may take its own claim again (EntityStore.claim).
 * This is now the regression test.
 */
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a write interrupted by a Durable Object reset is delivered within seconds, not after the 5-minute claim lease", async () => {
  let t: Awaited<ReturnType<typeof createTenant>>;
  let eventId: string;
  try {
    t = await createTenant();
    const customer = shopifyCustomer();
    // The partner search takes 2 s: time to reset the objects while the write is in Odoo.
    await injectOdooFaults(t, [{ kind: "slow", model: "res.partner", method: "search", delayMs: 2_000, times: 1 }]);
    ({ eventId } = (await (await postShopify(t, "customers/create", customer)).json()) as { eventId: string });
    await vi_waitFor(async () => (await odooCalls(t!)).some((c) => c.model === "res.country")); // the write has started
    await new Promise((r) => setTimeout(r, 300));
    await abortAllDurableObjects();

    // The Odoo write itself went through (the emulator executed the create)...
    await vi_waitFor(async () => (await odooRecords(t!, "res.partner")).length === 1);
    // ...but the entity object keeps the claim of the crashed consumer for minutes.
    const stub = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", String(customer.id)));
    const claim = await runInDurableObject(stub, async (_instance, state) =>
      state.storage.sql.exec<{ claim_until: number | null }>("SELECT claim_until FROM events WHERE event_id = ?", eventId).one(),
    );
    // The outcome reached the object through a fresh stub: no claim is left behind.
    expect(claim.claim_until).toBeNull();
  } catch (err) {
    console.error("setup failed", err);
    throw err;
  }

  const event = await waitForStatus(t, eventId, ["delivered"], 10_000);
  expect(event.status).toBe("delivered");
}, 30_000);

async function vi_waitFor(check: () => Promise<boolean>, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
