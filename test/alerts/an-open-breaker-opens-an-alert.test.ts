import { expect, it, vi } from "vitest";
import { listAlerts, putAlerts, runMinuteCron } from "../support/alerts";
import { ADMIN_TOKEN, call, createTenant, injectOdooFaults, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a breaker open for N minutes opens an alert on the subject odoo; not before", async () => {
  const t = await createTenant({
    delivery: { maxConcurrency: 2, breaker: { failureRate: 0.5, window: 4, minSamples: 3, cooldownSeconds: 600, maxCooldownSeconds: 600 } },
  });
  expect((await putAlerts(t, { rules: [{ id: "breaker", type: "breaker_open", minutes: 5 }] })).status).toBe(201);
  await injectOdooFaults(t, [{ kind: "http_503", times: 1000 }]);
  for (let i = 0; i < 4; i++) {
    expect((await postShopify(t, "customers/create", shopifyCustomer({ id: 7100 + i, email: `b${i}@example.test` }))).status).toBe(202);
  }
  await vi.waitUntil(
    async () => ((await (await call(`/v1/tenants/${t.tenant}/health`, { token: ADMIN_TOKEN })).json()) as { status: string }).status === "paused",
    { timeout: 15_000, interval: 50 },
  );

  await runMinuteCron(Date.now() + 60_000);
  expect(await listAlerts(t)).toEqual([]);
  await runMinuteCron(Date.now() + 6 * 60_000);
  const alerts = await listAlerts(t);
  expect(alerts).toHaveLength(1);
  expect(alerts[0]).toMatchObject({ rule: "breaker", type: "breaker_open", subject: "odoo", state: "open" });
  expect(alerts[0]!.value).toBeGreaterThanOrEqual(5);
  expect(alerts[0]!.message).toContain("circuit breaker");
});
