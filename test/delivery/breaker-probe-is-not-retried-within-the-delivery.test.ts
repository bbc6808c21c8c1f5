import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("once the breaker has opened, the write that probes Odoo is not retried within the delivery: one failed call reopens the breaker", async () => {
  const t = await createTenant({
    delivery: { breaker: { failureRate: 0.5, window: 2, minSamples: 1, cooldownSeconds: 1, maxCooldownSeconds: 1 } },
  });
  // Three attempts of the first delivery fail and open the breaker; the fourth fault meets the probe.
  await injectOdooFaults(t, [{ kind: "http_503", model: "res.partner", method: "search", times: 4 }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  const searches = (await odooCalls(t)).filter((c) => c.model === "res.partner" && c.method === "search");
  expect(searches.slice(0, 5).map((c) => c.outcome)).toEqual(["fault", "fault", "fault", "fault", "ok"]);
  // Queue attempts: the first (three calls, breaker opens), the failed probe, the probe that wrote.
  expect(event.attempts).toBe(3);
  expect(event.timeline?.filter((e) => e.step === "odoo_attempt" && e.detail?.outcome === "failed")).toHaveLength(2);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
