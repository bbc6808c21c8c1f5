import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("Odoo 503, 429 and a serialization failure are retried until the write succeeds", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [
    { kind: "http_503", times: 1 },
    { kind: "rate_limited", times: 1, retryAfter: 1 },
    { kind: "concurrency", times: 1 },
  ]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 25_000);
  expect(event.status).toBe("delivered");
  // Three attempts of one call within the delivery (odoo/retrying-client.ts) absorb two faults;
  // the third fails the attempt, and the queue's next attempt succeeds.
  expect(event.attempts).toBe(2);
  const failures = event.timeline?.filter((e) => e.step === "odoo_attempt" && e.detail?.outcome === "failed") ?? [];
  expect(failures).toHaveLength(1);
  expect((await odooCalls(t)).filter((c) => c.outcome === "fault")).toHaveLength(3);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
