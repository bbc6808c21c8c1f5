import { expect, it, vi } from "vitest";
import { call, createTenant, injectOdooFaults, postShopify, readToken } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

interface Health {
  status: string;
  reason: string | null;
  odoo: { state: string; window: { writes: number; failures: number; failedWrites: number } };
  events: { retrying: number };
}

it("a tenant whose Odoo answers every write with 503 is degraded, with the reason, while the breaker is still closed", async () => {
  // A breaker that would need many failures and a slow retry: the tenant stays "closed" throughout.
  const t = await createTenant({ delivery: { retry: { baseSeconds: 600 }, breaker: { minSamples: 200, window: 200 } } });
  const token = await readToken(t);
  const health = async () => (await (await call(`/v1/tenants/${t.tenant}/health`, { token })).json()) as Health;
  // Its Odoo answered the check when the tenant was saved.
  expect(await health()).toMatchObject({ status: "ok", reason: null });

  await injectOdooFaults(t, [{ kind: "http_503", times: 1000 }]);
  expect((await postShopify(t, "customers/create", shopifyCustomer())).status).toBe(202);

  const degraded = await vi.waitUntil(async () => {
    const h = await health();
    return h.status === "degraded" ? h : null;
  }, { timeout: 15_000, interval: 50 });
  expect(degraded.odoo.state).toBe("closed");
  // Its 503s were retried within the delivery: every attempt counts as a failed call, the write once.
  expect(degraded.odoo.window).toMatchObject({ writes: 1, failedWrites: 1 });
  expect(degraded.odoo.window.failures).toBeGreaterThanOrEqual(1);
  expect(degraded.reason).toMatch(/^the last 1 write to Odoo all failed: .*503/);
});
