import { expect, it } from "vitest";
import { seriesOf, waitForMetrics } from "../support/metrics";
import { createTenant, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("an event whose Odoo write failed and waits for its retry counts as retrying now, with its failed attempt", async () => {
  // Retries an hour later: the event stays retrying for the test's length.
  const t = await createTenant({ delivery: { retry: { baseSeconds: 3600 } } });
  // More 503s than the delivery's own quick attempts (src/odoo/retrying-client.ts): the write fails.
  await injectOdooFaults(t, [{ kind: "http_503", times: 5 }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["retrying"]);

  const answer = await waitForMetrics(t, "bucket=minute", (a) => seriesOf(a, t.source, "customer")?.now.retrying === 1);
  const customers = seriesOf(answer, t.source, "customer")!;
  expect(customers.now).toEqual({ retrying: 1, waiting: 0 });
  expect(customers.totals).toMatchObject({ received: 1, accepted: 1, delivered: 0, dead: 0, successRate: null });
  expect(customers.totals.odoo).toMatchObject({ attempts: 1, failedAttempts: 1 });
});
