import { expect, it } from "vitest";
import { putAlerts, runMinuteCron } from "../support/alerts";
import { createTenant, injectOdooFaults, odooCalls, odooExecute, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("an activity Odoo refuses (its record was deleted) is recorded once, not asked again every minute", async () => {
  const t = await createTenant();
  const created = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 6160 }))).json()) as { eventId: string };
  const partner = await waitForStatus(t, created.eventId, ["delivered"]);
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "write", times: 1, message: "Invalid email" }]);
  const updated = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ id: 6160, last_name: "Other", updated_at: "2026-11-02T12:00:00Z" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, updated.eventId, ["dead"]);
  // Someone deletes the partner in Odoo before the cron runs.
  await odooExecute(t, "res.partner", "unlink", [[partner.odoo!.id]]);

  expect((await putAlerts(t, { odooActivity: {} })).status).toBe(201);
  await runMinuteCron(Date.now());
  await runMinuteCron(Date.now() + 60_000);
  const creates = (await odooCalls(t)).filter((c) => c.model === "mail.activity" && c.method === "create");
  expect(creates).toHaveLength(1);
  expect(await odooSearchRead(t, "mail.activity", ["res_id"])).toEqual([]);
});
