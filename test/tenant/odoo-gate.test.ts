import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverySettingsSchema } from "../../src/tenant/delivery-settings";

const settings = deliverySettingsSchema.parse({
  maxConcurrency: 2,
  breaker: { failureRate: 0.5, window: 4, minSamples: 4, cooldownSeconds: 60, maxCooldownSeconds: 300 },
});
const gate = (name: string) => env.ODOO_GATE.getByName(name);

describe("a tenant's Odoo gate", () => {
  it("caps writes in flight and frees a slot on release", async () => {
    const g = gate("cap");
    const a = await g.acquire(settings);
    const b = await g.acquire(settings);
    const c = await g.acquire(settings);
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    if (!a.ok) throw new Error("unreachable");
    await g.release(a.token, "ok", null, settings);
    expect((await g.acquire(settings)).ok).toBe(true);
  });

  it("opens at once when Odoo refuses the login, and refuses writes until the cooldown", async () => {
    const g = gate("auth");
    const permit = await g.acquire(settings);
    if (!permit.ok) throw new Error("unreachable");
    await g.release(permit.token, "auth", "Access Denied", settings);
    const refused = await g.acquire(settings);
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining("refused the login") });
    expect(refused.ok === false && refused.retryInSeconds).toBeGreaterThan(50);
    expect(await g.health()).toMatchObject({ state: "open", lastError: "Access Denied" });
  });

  it("does not count Odoo's business errors as failures of Odoo", async () => {
    const g = gate("business");
    for (let i = 0; i < 6; i++) {
      const permit = await g.acquire(settings);
      if (!permit.ok) throw new Error("refused");
      await g.release(permit.token, "business", "ValidationError", settings);
    }
    expect((await g.health()).state).toBe("closed");
  });

  it("opens when the failure rate over the window reaches the threshold", async () => {
    const g = gate("rate");
    for (const outcome of ["ok", "retryable", "ok", "retryable"] as const) {
      const permit = await g.acquire(settings);
      if (!permit.ok) throw new Error("refused");
      await g.release(permit.token, outcome, outcome === "ok" ? null : "HTTP 503", settings);
    }
    expect(await g.health()).toMatchObject({ state: "open", window: { calls: 4, failures: 2 } });
  });

  it("judges the failure rate per Odoo call: a write that failed on its fifth call is four good calls", async () => {
    const g = gate("per-call");
    for (let i = 0; i < 3; i++) {
      const permit = await g.acquire(settings);
      if (!permit.ok) throw new Error("refused");
      await g.release(permit.token, "retryable", "HTTP 503", settings, 5);
    }
    expect(await g.health()).toMatchObject({ state: "closed", window: { calls: 15, failures: 3 } });
  });
});

describe("a tenant's Odoo gate while its breaker is open", () => {
  const quick = deliverySettingsSchema.parse({
    maxConcurrency: 4,
    breaker: { failureRate: 0.5, window: 2, minSamples: 1, cooldownSeconds: 1, maxCooldownSeconds: 60 },
  });
  const take = async (g: ReturnType<typeof gate>) => {
    const permit = await g.acquire(quick);
    if (!permit.ok) throw new Error(`refused: ${permit.reason}`);
    return permit;
  };

  it("a write let through before it opened does not reopen it when it fails: only the probe decides", async () => {
    const g = gate("straggler");
    const straggler = await take(g);
    const opener = await take(g);
    await g.release(opener.token, "retryable", "HTTP 503", quick);
    expect((await g.health()).state).toBe("open");
    await new Promise((r) => setTimeout(r, 1_100));
    const probe = await take(g);
    expect(probe.probe).toBe(true);
    // The straggler fails while the probe is out: the breaker stays half-open, no longer cooldown.
    await g.release(straggler.token, "retryable", "HTTP 503", quick);
    expect(await g.health()).toMatchObject({ state: "half_open" });
    await g.release(probe.token, "ok", null, quick);
    expect((await g.health()).state).toBe("closed");
  });

  it("a failed probe early in the outage reopens it for the first cooldown, not a doubled one", async () => {
    const g = gate("young-outage");
    await g.release((await take(g)).token, "retryable", "HTTP 503", quick);
    await new Promise((r) => setTimeout(r, 1_100));
    const probe = await take(g);
    expect(probe.probe).toBe(true);
    await g.release(probe.token, "retryable", "HTTP 503", quick);
    const refused = await g.acquire(quick);
    expect(refused).toMatchObject({ ok: false, paused: true, retryInSeconds: 1 });
  });
});
