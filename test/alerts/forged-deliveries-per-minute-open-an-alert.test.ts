import { expect, it } from "vitest";
import { listAlerts, putAlerts, runMinuteCron } from "../support/alerts";
import { createTenant, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("forged deliveries >= N within a minute open an alert for their source", async () => {
  const t = await createTenant();
  expect((await putAlerts(t, { rules: [{ id: "forged", type: "forged_deliveries", perMinute: 3, source: t.source }] })).status).toBe(201);
  for (let i = 0; i < 3; i++) {
    const response = await postShopify(t, "customers/create", shopifyCustomer({ id: 9000 + i }), { secret: "not-the-secret" });
    expect(response.status).toBe(401);
  }
  // The refusals reach the audit trail through the audit queue.
  await expect
    .poll(async () => {
      await runMinuteCron(Date.now());
      return (await listAlerts(t)).map((a) => [a.rule, a.subject, a.state]);
    }, { timeout: 10_000, interval: 200 })
    .toEqual([["forged", t.source, "open"]]);
});
