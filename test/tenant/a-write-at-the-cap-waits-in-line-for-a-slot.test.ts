import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverySettingsSchema } from "../../src/tenant/delivery-settings";

const settings = deliverySettingsSchema.parse({
  maxConcurrency: 1,
  breaker: { failureRate: 0.5, window: 2, minSamples: 2, cooldownSeconds: 60, maxCooldownSeconds: 300 },
});
const gate = (name: string) => env.ODOO_GATE.getByName(name);

describe("a write at the tenant's concurrency cap", () => {
  it("gets the slot as soon as the holder releases it, instead of going back to the queue", async () => {
    const g = gate("line-handover");
    const first = await g.acquire(settings);
    if (!first.ok) throw new Error("the first write was refused");
    const waiting = g.acquire(settings, 20_000);
    await new Promise((r) => setTimeout(r, 50));
    const released = Date.now();
    await g.release(first.token, "ok", null, settings);
    const second = await waiting;
    expect(second.ok).toBe(true);
    expect(Date.now() - released).toBeLessThan(5_000); // far below the 20 s it was ready to wait
  });

  it("is served in arrival order", async () => {
    const g = gate("line-order");
    const first = await g.acquire(settings);
    if (!first.ok) throw new Error("the first write was refused");
    const served: string[] = [];
    const a = g.acquire(settings, 20_000).then((p) => (served.push("a"), p));
    await new Promise((r) => setTimeout(r, 20));
    const b = g.acquire(settings, 20_000).then((p) => (served.push("b"), p));
    await new Promise((r) => setTimeout(r, 20));
    await g.release(first.token, "ok", null, settings);
    const pa = await a;
    if (!pa.ok) throw new Error("a was refused");
    await g.release(pa.token, "ok", null, settings);
    expect((await b).ok).toBe(true);
    expect(served).toEqual(["a", "b"]);
  });

  it("goes back to the queue when its wait ends without a slot", async () => {
    const g = gate("line-timeout");
    const first = await g.acquire(settings);
    if (!first.ok) throw new Error("the first write was refused");
    const refused = await g.acquire(settings, 100);
    expect(refused).toMatchObject({ ok: false, paused: false, reason: expect.stringContaining("cap 1") });
  });

  it("is refused at once when the line is already long", async () => {
    const g = gate("line-full");
    const first = await g.acquire(settings);
    if (!first.ok) throw new Error("the first write was refused");
    const line = Array.from({ length: 4 }, () => g.acquire(settings, 30_000)); // 4 per slot
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const refused = await g.acquire(settings, 30_000);
    expect(refused.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    await g.release(first.token, "ok", null, settings);
    const next = await line[0]!;
    expect(next.ok).toBe(true);
  });

  it("is told at once when the breaker opens, instead of waiting out its time", async () => {
    const g = gate("line-breaker");
    const settings2 = deliverySettingsSchema.parse({ ...settings, maxConcurrency: 1 });
    const first = await g.acquire(settings2);
    if (!first.ok) throw new Error("the first write was refused");
    const waiting = g.acquire(settings2, 30_000);
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await g.release(first.token, "auth", "Access Denied", settings2); // a refused login opens the breaker
    const answer = await waiting;
    expect(answer).toMatchObject({ ok: false, paused: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
