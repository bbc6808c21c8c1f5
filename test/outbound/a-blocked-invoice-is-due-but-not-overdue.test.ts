import { expect, it } from "vitest";
import { accountStatusFlow } from "../../src/outbound/flows/account-status";
import { zendeskApi } from "../../src/providers/zendesk-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, postedInvoice } from "../support/outbound-status";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";

it("an invoice blocked in Odoo 18 (do not chase) still counts in the amount due, not in the overdue amount", async () => {
  const odoo = await emulatedOdoo("18.0");
  const { partnerId, invoiceId } = await postedInvoice(odoo, { price: 75, dueDate: "2022-05-01" });
  const subdomain = uniqueId("acme");
  const host = `https://${subdomain}.zendesk.com`;
  await control(zendeskFake, `${host}/__fake/account`, { clientId: "zd-client", clientSecret: "zd-secret" });
  await control(zendeskFake, `${host}/__fake/fields`, { user_fields: [{ key: "odoo_amount_due", type: "decimal" }, { key: "odoo_overdue", type: "decimal" }] });
  await control(zendeskFake, `${host}/__fake/users`, { users: [{ id: 5150, name: "Acme buyer", email: "buyer@acme.test", updated_at: "2026-12-01T10:00:00Z" }] });
  // A person (no company in Zendesk): the partner's customer mapping is a Zendesk user.
  await mappingsOf(odoo, "support").put("customer", "5150", { model: "res.partner", id: partnerId });
  const targets = [{ sourceId: "support", provider: "zendesk", session: sessionOn(zendeskFake, zendeskApi, { subdomain, clientId: "zd-client", clientSecret: "zd-secret" }) }];
  const ctx = flowContext<"accountStatus">(odoo, { externalId: String(partnerId), model: "res.partner", config: { to: ["support"], fields: { amountDue: "odoo_amount_due", overdue: "odoo_overdue" }, mode: "realtime" }, targets, version: 18 });

  expect((await accountStatusFlow.send(ctx)).detail).toMatchObject({ amountDue: 75, overdue: 75 });
  await odoo.run("account.move", "action_toggle_block_payment", [[invoiceId]]);
  const blocked = await accountStatusFlow.send({ ...ctx, eventId: uniqueId("ev") });

  expect(blocked.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["user:5150:odoo_amount_due", 75, "unchanged"],
    ["user:5150:odoo_overdue", 0, "sent"],
  ]);
  expect(await control(zendeskFake, `${host}/__fake/users/5150`)).toMatchObject({ user_fields: { odoo_amount_due: 75, odoo_overdue: 0 } });
});
