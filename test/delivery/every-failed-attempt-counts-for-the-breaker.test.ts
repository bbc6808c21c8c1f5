import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { gateNamespace } from "../../src/tenant/region";
import { createTenant, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a write whose every attempt of a call failed within the delivery opens the breaker: each failed attempt counts", async () => {
  const t = await createTenant({
    delivery: { breaker: { failureRate: 0.5, window: 2, minSamples: 2, cooldownSeconds: 1, maxCooldownSeconds: 1 } },
  });
  // One write: the three attempts of its search fail (a login and three searches: 3 of 4 calls failed).
  await injectOdooFaults(t, [{ kind: "http_503", model: "res.partner", method: "search", times: 3 }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const gate = gateNamespace(env, undefined).getByName(t.tenant);
  const opened = await vi.waitUntil(
    async () => {
      const health = await gate.health();
      return health.state !== "closed" ? health : null;
    },
    { timeout: 10_000, interval: 20 },
  );
  expect(opened.reason).toMatch(/^3 of the last \d calls failed/);

  expect((await waitForStatus(t, eventId, ["delivered", "dead"], 20_000)).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
