import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { deliverySettingsSchema } from "../../src/tenant/delivery-settings";
import { gateNamespace } from "../../src/tenant/region";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a call failing while the tenant's breaker opens is not retried within the delivery: the write waits for the probe", async () => {
  const delivery = { breaker: { cooldownSeconds: 1, maxCooldownSeconds: 1 } };
  const t = await createTenant({ delivery });
  // The first search answers 503 after 1.5 s; meanwhile another write reports a refused login.
  await injectOdooFaults(t, [{ kind: "http_503", model: "res.partner", method: "search", delayMs: 1500, times: 1 }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const gate = gateNamespace(env, undefined).getByName(t.tenant);
  await vi.waitUntil(async () => (await gate.health()).inFlight > 0, { timeout: 10_000, interval: 20 });
  const settings = deliverySettingsSchema.parse(delivery);
  const other = await gate.acquire(settings);
  if (!other.ok) throw new Error("the gate refused a permit");
  await gate.release(other.token, "auth", "Access Denied", settings);
  expect((await gate.health()).state).toBe("open");

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  // The 503 was not retried at once: the queue's next attempt (the breaker's probe) wrote it.
  expect(event.attempts).toBe(2);
  const searches = (await odooCalls(t)).filter((c) => c.model === "res.partner" && c.method === "search");
  expect(searches.slice(0, 2).map((c) => c.outcome)).toEqual(["fault", "ok"]);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
