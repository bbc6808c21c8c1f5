import { expect, it } from "vitest";
import { accountStatusFlow } from "../../src/outbound/flows/account-status";
import { zendeskApi } from "../../src/providers/zendesk-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, pay, postedInvoice } from "../support/outbound-status";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";

it("account status reaches the Zendesk organization over OAuth: amount due, overdue and credit hold", async () => {
  const odoo = await emulatedOdoo("19.0");
  // Two invoices of one customer: one overdue since 2020 and partly paid, one not due yet.
  const first = await postedInvoice(odoo, { price: 300, dueDate: "2020-01-31" });
  await pay(odoo, first.invoiceId, 100);
  const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const second = await postedInvoice(odoo, { price: 150, dueDate: future, company: "Acme Corp" });
  // postedInvoice creates its own company: move the second invoice to the first one's.
  await odoo.run("account.move", "button_draft", [[second.invoiceId]]);
  await odoo.run("account.move", "write", [[second.invoiceId], { partner_id: first.partnerId }]);
  await odoo.run("account.move", "action_post", [[second.invoiceId]]);
  await odoo.run("res.partner", "write", [[first.partnerId], { credit_limit: 300 }]);

  const subdomain = uniqueId("acme");
  const host = `https://${subdomain}.zendesk.com`;
  await control(zendeskFake, `${host}/__fake/account`, { clientId: "zd-client", clientSecret: "zd-secret", refreshToken: "zd-refresh-1" });
  await control(zendeskFake, `${host}/__fake/fields`, { organization_fields: [{ key: "odoo_amount_due", type: "decimal" }, { key: "odoo_overdue", type: "decimal" }, { key: "odoo_credit_hold", type: "checkbox" }] });
  await control(zendeskFake, `${host}/__fake/organizations`, { organizations: [{ id: 360001, name: "Acme Corp" }] });
  await mappingsOf(odoo, "support").put("company", "360001", { model: "res.partner", id: first.partnerId });
  const session = sessionOn(zendeskFake, zendeskApi, { subdomain, clientId: "zd-client", clientSecret: "zd-secret", refreshToken: "zd-refresh-1" });
  const targets = [{ sourceId: "support", provider: "zendesk", session }];
  const ctx = flowContext<"accountStatus">(odoo, { externalId: String(first.partnerId), model: "res.partner", config: { to: ["support"], fields: {}, mode: "realtime" }, targets });

  const result = await accountStatusFlow.send(ctx);

  expect(result.detail).toMatchObject({ amountDue: 350, overdue: 200, creditHold: true, creditLimit: 300 });
  expect(result.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["organization:360001:odoo_amount_due", 350, "sent"],
    ["organization:360001:odoo_overdue", 200, "sent"],
    ["organization:360001:odoo_credit_hold", true, "sent"],
  ]);
  const org = await control<{ organization_fields: Record<string, unknown> }>(zendeskFake, `${host}/__fake/organizations/360001`);
  expect(org.organization_fields).toEqual({ odoo_amount_due: 350, odoo_overdue: 200, odoo_credit_hold: true });
  // Written with an OAuth token from the refresh-token grant (API tokens are being retired).
  expect(session.tokens?.refreshes()).toBe(1);

  // The overdue invoice is paid: the account is no longer on hold; nothing unchanged is resent.
  await pay(odoo, first.invoiceId);
  const after = await accountStatusFlow.send({ ...ctx, eventId: uniqueId("ev") });
  expect(after.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["organization:360001:odoo_amount_due", 150, "sent"],
    ["organization:360001:odoo_overdue", 0, "sent"],
    ["organization:360001:odoo_credit_hold", false, "sent"],
  ]);
});
