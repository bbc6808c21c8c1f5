import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordComparison } from "../../src/db/reconciliations";
import { listAlerts, listExceptions, putAlerts, runMinuteCron } from "../support/alerts";
import { createTenant } from "../support/router";

it("what a reconciliation found differing is listed with the business exceptions and opens an exceptions alert", async () => {
  const t = await createTenant();
  // What src/reconcile/run-page.ts records after comparing a page with Odoo.
  await recordComparison(
    env.DB,
    { tenantId: t.tenant, sourceId: t.source, jobId: "rec_01KC0000000000000000000000", now: Date.now() - 5 * 60_000 },
    [{ kind: "order", externalId: "1001" }, { kind: "order", externalId: "1002" }],
    [{ kind: "order", externalId: "1001", type: "amount_differs", odoo: { model: "sale.order", id: 7 }, providerValue: { total: 12000, currency: "USD" }, odooValue: { amount_total: 100 } }],
  );

  const items = await listExceptions(t, "amount_differs");
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ type: "amount_differs", source: t.source, kind: "order", externalId: "1001", odoo: { model: "sale.order", id: 7 } });
  expect(items[0]).toMatchObject({ provider: { total: 12000, currency: "USD" }, odooValue: { amount_total: 100 } });
  expect(items[0]!.error).toBe('the provider has {"total":12000,"currency":"USD"}, Odoo {"amount_total":100}');
  expect(items[0]!.ageMinutes).toBeGreaterThanOrEqual(4);
  expect(await listExceptions(t, "missing_in_odoo")).toEqual([]);

  expect((await putAlerts(t, { rules: [{ id: "drift", type: "exceptions", count: 1, exceptionType: "amount_differs" }] })).status).toBe(201);
  await runMinuteCron(Date.now());
  const alerts = await listAlerts(t);
  expect(alerts.map((a) => [a.rule, a.subject, a.state, a.value])).toEqual([["drift", "amount_differs", "open", 1]]);
});
