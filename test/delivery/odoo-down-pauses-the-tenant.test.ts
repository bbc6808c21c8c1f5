import { expect, it, vi } from "vitest";
import { call, createTenant, injectOdooFaults, odooRecords, postShopify, readToken, waitForStatus, ADMIN_TOKEN } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

interface Health {
  status: string;
  odoo: { state: string; reason: string | null; window: { calls: number; failures: number } };
  events: { waiting: number; retrying: number; dead: number };
}

it("an Odoo that keeps failing opens the tenant's breaker: ingest still acks, nothing is dropped, a probe resumes delivery", async () => {
  const t = await createTenant({
    delivery: { maxConcurrency: 2, breaker: { failureRate: 0.5, window: 4, minSamples: 3, cooldownSeconds: 1, maxCooldownSeconds: 2 } },
  });
  await injectOdooFaults(t, [{ kind: "http_503", times: 8 }]);
  const token = await readToken(t);
  const health = async () => (await (await call(`/v1/tenants/${t.tenant}/health`, { token })).json()) as Health;

  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const response = await postShopify(t, "customers/create", shopifyCustomer({ id: 9000 + i, email: `c${i}@example.test` }));
    expect(response.status).toBe(202);
    ids.push(((await response.json()) as { eventId: string }).eventId);
  }

  const paused = await vi.waitUntil(async () => {
    const h = await health();
    return h.status === "paused" ? h : null;
  }, { timeout: 15_000, interval: 50 });
  expect(paused.odoo.state).toMatch(/open|half_open/);
  expect(paused.odoo.reason).toContain("failed");

  for (const id of ids) expect((await waitForStatus(t, id, ["delivered", "dead"], 30_000)).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(4);
  const after = await health();
  expect(after).toMatchObject({ status: "ok", odoo: { state: "closed" }, events: { waiting: 0, retrying: 0, dead: 0 } });
  // The admin token reads any tenant's health too.
  expect((await call(`/v1/tenants/${t.tenant}/health`, { token: ADMIN_TOKEN })).status).toBe(200);
});
