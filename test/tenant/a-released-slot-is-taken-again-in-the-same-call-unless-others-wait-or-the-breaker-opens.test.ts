/**
 * OdooGate.releaseAndAcquire (src/tenant/odoo-gate.ts): a write's consumer gives its permit back
 * and takes the next for another write of its batch in one call. The outcome is judged first and
 * the gate's own line goes first: the same answers as a release followed by an acquire.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { deliverySettingsSchema } from "../../src/tenant/delivery-settings";

const settings = deliverySettingsSchema.parse({
  maxConcurrency: 1,
  breaker: { failureRate: 0.5, window: 2, minSamples: 2, cooldownSeconds: 60, maxCooldownSeconds: 300 },
});
const gate = () => env.ODOO_GATE.getByName(`hand-on-${crypto.randomUUID()}`);

it("hands the slot on, serves the gate's line first, and refuses as paused once the outcome opened the breaker", async () => {
  const g = gate();
  const first = await g.acquire(settings);
  if (!first.ok) throw new Error("the first write was refused");
  const second = await g.releaseAndAcquire(first.token, "ok", null, settings, 3, 0);
  expect(second).toMatchObject({ ok: true, probe: false });
  if (!second.ok) return;

  // Another consumer's write waits in the gate's line: it gets the slot, the batch's next does not.
  const inLine = g.acquire(settings, 20_000);
  await new Promise((r) => setTimeout(r, 50));
  const third = await g.releaseAndAcquire(second.token, "retryable", "HTTP 503", settings, 1, 1);
  expect(third).toMatchObject({ ok: false, paused: false });
  const served = await inLine;
  if (!served.ok) throw new Error("the write in line was not served");

  // Its failure is the second of two: the breaker opens, and the next permit is refused as paused.
  const fourth = await g.releaseAndAcquire(served.token, "retryable", "HTTP 503", settings, 1, 1);
  expect(fourth).toMatchObject({ ok: false, paused: true });
  expect((await g.health()).state).toBe("open");
});
