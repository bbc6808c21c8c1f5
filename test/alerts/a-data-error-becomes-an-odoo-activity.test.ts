import { expect, it } from "vitest";
import { putAlerts, runMinuteCron } from "../support/alerts";
import { createTenant, getEvent, injectOdooFaults, odooExecute, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a dead event of class data becomes one mail.activity on the affected Odoo record, assigned to the configured user", async () => {
  const t = await createTenant();
  const created = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 5150 }))).json()) as { eventId: string };
  const partner = await waitForStatus(t, created.eventId, ["delivered"]);
  const partnerId = partner.odoo!.id;

  // Odoo refuses the update's data: dead, class data, the partner exists in Odoo.
  await injectOdooFaults(t, [
    { kind: "validation", model: "res.partner", method: "write", times: 1, message: "The VAT number [XX123] does not seem to be valid." },
  ]);
  const updated = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ id: 5150, last_name: "Doe-Smith", updated_at: "2026-11-02T12:00:00Z" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, updated.eventId, ["dead"]);
  expect(await getEvent(t, updated.eventId)).toMatchObject({ errorClass: "data" });

  const [userId] = await odooExecute<number[]>(t, "res.users", "search", [[]], { limit: 1 });
  expect((await putAlerts(t, { odooActivity: { userId } })).status).toBe(201);
  await runMinuteCron(Date.now());
  // Once per event: a second minute makes no second activity.
  await runMinuteCron(Date.now() + 60_000);

  const activities = await odooSearchRead<{
    res_model: string;
    res_id: number;
    summary: string;
    note: string;
    user_id: [number, string];
    activity_type_id: [number, string];
    date_deadline: string;
  }>(t, "mail.activity", ["res_model", "res_id", "summary", "note", "user_id", "activity_type_id", "date_deadline"]);
  expect(activities).toHaveLength(1);
  expect(activities[0]).toMatchObject({
    res_model: "res.partner",
    res_id: partnerId,
    summary: "Webhook router: data error on customer 5150",
    user_id: [userId, expect.any(String)],
    activity_type_id: [expect.any(Number), "To-Do"],
  });
  expect(activities[0]!.note).toContain("does not seem to be valid");
  expect(activities[0]!.note).toContain(updated.eventId);
});
