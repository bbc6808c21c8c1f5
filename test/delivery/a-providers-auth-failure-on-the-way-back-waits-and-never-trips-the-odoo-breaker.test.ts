import { afterAll, expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, putRouting, waitForStatus } from "../support/router";
import { FAKE_HOST, fakeAccount, putFakeObject, putThinSource } from "../support/generic-api";
import { feedOdooChange } from "../support/outbound-events";
import { testFlow } from "../support/outbound-test-flow";
import { registerOutboundFlowForTest } from "../../src/outbound/route";

afterAll(() => registerOutboundFlowForTest("stock", null));

it("a provider's auth failure on the way back leaves the event retrying (it waits for the connection), then it goes out; the Odoo breaker never counts it", async () => {
  // A breaker that would open on the first failure, if a provider's failure counted.
  const t = await createTenant({ delivery: { retry: { baseSeconds: 1, maxDelaySeconds: 2 }, breaker: { failureRate: 0.1, minSamples: 1, window: 2 } } });
  const account = await fakeAccount({ auth: "none" });
  await putFakeObject(account, "items/8", { ok: true });
  expect((await putThinSource(t, "webshop", { fetchUrl: `${FAKE_HOST}/${account.account}/products/{id}` })).status).toBe(201);
  const flow = testFlow({ name: "stock", objects: (id) => [{ path: `items/${id}`, value: { available: 2 } }], failOnce: new Set(["items/8"]), failWith: "auth" });
  registerOutboundFlowForTest("stock", flow);
  const routing = { outbound: { stock: { to: ["webshop"] } } };
  await putRouting(t, routing);

  const fed = (await feedOdooChange(t, "stock", "8", routing)) as { eventId: string };
  const delivered = await waitForStatus(t, fed.eventId, ["delivered", "dead"], 30_000);
  expect(delivered).toMatchObject({ status: "delivered", attempts: 2 });
  const failedAttempt = delivered.timeline!.find((e) => e.step === "odoo_attempt" && e.detail?.outcome !== "ok");
  expect(failedAttempt?.detail).toMatchObject({ error: { category: "auth", name: "provider_auth", message: expect.stringContaining("the event waits") } });
  // The tenant's Odoo gate never heard of it: no failure, no "Odoo refused the login", no pause.
  const health = (await (await call(`/v1/tenants/${t.tenant}/health`, { token: ADMIN_TOKEN })).json()) as { odoo: Record<string, unknown> };
  expect(health.odoo).toMatchObject({ state: "closed", reason: null, lastError: null, window: { failures: 0 } });
  expect(flow.sentPaths).toEqual(["items/8"]);
});
