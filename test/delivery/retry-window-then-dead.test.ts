import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a write that keeps failing transiently is dead once the tenant's retry window is over, with the last error", async () => {
  // A zero window: the first transient failure is already past it (the default is 3 days).
  const t = await createTenant({ delivery: { retry: { windowSeconds: 0 } } });
  await injectOdooFaults(t, [{ kind: "http_502", times: 5 }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["dead", "delivered"]);
  expect(event.status).toBe("dead");
  expect(event.error).toMatchObject({ category: "retryable", message: expect.stringMatching(/^gave up after 1 attempts .*HTTP 502/) });
});
