import { expect, it } from "vitest";
import { seriesOf, waitForMetrics } from "../support/metrics";
import { createTenant, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("metrics count each delivery by what became of it: accepted, duplicate, rejected by reason, delivered, dead", async () => {
  const t = await createTenant();
  // The first customer is refused by Odoo (dead), the second is written (delivered) and redelivered.
  await injectOdooFaults(t, [
    { kind: "validation", model: "res.partner", method: "create", times: 1, message: "The VAT number [XX123] does not seem to be valid." },
  ]);
  const dead = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 1001 }))).json()) as { eventId: string };
  await waitForStatus(t, dead.eventId, ["dead"]);
  const ok = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 1002 }), { webhookId: "wh-1002" })).json()) as {
    eventId: string;
  };
  expect((await postShopify(t, "customers/create", shopifyCustomer({ id: 1002 }), { webhookId: "wh-1002" })).status).toBe(200);
  expect((await postShopify(t, "customers/create", shopifyCustomer({ id: 1003 }), { secret: "forged" })).status).toBe(401);
  await waitForStatus(t, ok.eventId, ["delivered"]);

  const answer = await waitForMetrics(t, "bucket=hour", (a) => {
    const customers = seriesOf(a, t.source, "customer")?.totals;
    return customers?.delivered === 1 && customers.duplicate === 1 && (seriesOf(a, t.source, null)?.totals.rejected ?? 0) === 1;
  });

  const customers = seriesOf(answer, t.source, "customer")!;
  expect(customers.totals).toMatchObject({
    received: 3,
    accepted: 2,
    duplicate: 1,
    rejected: 0,
    ignored: 0,
    stale: 0,
    superseded: 0,
    delivered: 1,
    dead: 1,
    successRate: 0.5,
  });
  expect(customers.totals.odoo).toMatchObject({ attempts: 2, failedAttempts: 1 });
  expect(customers.totals.odoo.calls).toBeGreaterThan(0);
  expect(customers.now).toEqual({ retrying: 0, waiting: 0 });
  // The points of the range add up to its totals.
  expect(customers.points.reduce((n, p) => n + p.received, 0)).toBe(3);

  const refused = seriesOf(answer, t.source, null)!;
  expect(refused.totals).toMatchObject({ received: 1, rejected: 1, rejectedByReason: { invalid_signature: 1 }, accepted: 0 });
});
