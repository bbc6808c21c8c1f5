import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
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
  expect(event.attempts).toBe(4);
  const failures = event.timeline?.filter((e) => e.step === "odoo_attempt" && e.detail?.outcome === "failed") ?? [];
  expect(failures).toHaveLength(3);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
