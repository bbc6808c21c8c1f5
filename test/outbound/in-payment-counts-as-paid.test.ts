import { expect, it } from "vitest";
import { invoiceStatusFlow } from "../../src/outbound/flows/invoice-status";
import { salesforceApi } from "../../src/providers/salesforce-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, pay, postedInvoice } from "../support/outbound-status";
import salesforceFake from "../support/provider-fakes/salesforce.mjs";
import shopifyFake from "../support/provider-fakes/shopify.mjs";

it("in_payment counts as paid: the opportunity shows paid and the shop order is marked paid, once", async () => {
  const odoo = await emulatedOdoo("18.0");
  const { opportunityId, orderId, invoiceId } = await postedInvoice(odoo, { price: 250 });
  // A payment not yet matched with a bank statement: Odoo says in_payment.
  expect((await pay(odoo, invoiceId)).payment_state).toBe("in_payment");

  const instance = `https://${uniqueId("org")}.my.salesforce.com`;
  await control(salesforceFake, `${instance}/__fake/org`, { clientId: "sf-client", clientSecret: "sf-secret", refreshToken: "sf-refresh" });
  await control(salesforceFake, `${instance}/__fake/records`, { sObject: "Opportunity", records: [{ Id: "006000000000001AAA", Name: "Acme deal", StageName: "Closed Won", SystemModstamp: new Date().toISOString() }] });
  await control(salesforceFake, `${instance}/__fake/fields`, {
    sObject: "Opportunity",
    fields: [{ name: "Odoo_Invoice_Status__c", type: "picklist" }, { name: "Odoo_Amount_Due__c", type: "currency" }, { name: "Odoo_Amount_Paid__c", type: "currency" }],
  });
  const shop = `${uniqueId("shop")}.myshopify.com`;
  await control(shopifyFake, `https://${shop}/__fake/seed`, { accessToken: "shpat_test", orders: [{ legacyResourceId: "5001", name: "#1001", displayFinancialStatus: "PENDING", updatedAt: new Date().toISOString() }] });
  await mappingsOf(odoo, "sf").put("deal", "006000000000001AAA", { model: "crm.lead", id: opportunityId });
  await mappingsOf(odoo, "shop").put("order", "5001", { model: "sale.order", id: orderId });

  const targets = [
    { sourceId: "sf", provider: "salesforce", session: sessionOn(salesforceFake, salesforceApi, { instanceUrl: instance, clientId: "sf-client", clientSecret: "sf-secret", refreshToken: "sf-refresh", loginUrl: instance }) },
    { sourceId: "shop", provider: "shopify", session: sessionOn(shopifyFake, shopifyApi, { shop, accessToken: "shpat_test" }) },
  ];
  const ctx = flowContext<"invoiceStatus">(odoo, { externalId: String(invoiceId), model: "account.move", config: { to: ["sf", "shop"], properties: {}, mode: "realtime" }, targets, version: 18 });
  const result = await invoiceStatusFlow.send(ctx);

  expect(result.detail).toMatchObject({ status: "paid", amountDue: 0 });
  expect(result.writes.map((w) => [w.to, w.objectKey, w.value, w.status])).toEqual([
    ["sf", "opportunity:006000000000001AAA:Odoo_Invoice_Status__c", "paid", "sent"],
    ["sf", "opportunity:006000000000001AAA:Odoo_Amount_Due__c", 0, "sent"],
    ["sf", "opportunity:006000000000001AAA:Odoo_Amount_Paid__c", 250, "sent"],
    ["shop", "order:gid://shopify/Order/5001:paid", true, "sent"],
  ]);
  const updates = await control<{ fields: Record<string, unknown>; callOptions: string }[]>(salesforceFake, `${instance}/__fake/updates`);
  expect(updates).toEqual([
    { sObject: "Opportunity", id: "006000000000001AAA", fields: { Odoo_Invoice_Status__c: "paid", Odoo_Amount_Due__c: 0, Odoo_Amount_Paid__c: 250 }, callOptions: "client=odoo-router" },
  ]);
  const shopCounters = await control<{ markedAsPaid: number }>(shopifyFake, `https://${shop}/__fake/counters`);
  expect(shopCounters.markedAsPaid).toBe(1);

  // The bank statement is matched later (in_payment -> paid): the same values, nothing sent again.
  const again = await invoiceStatusFlow.send({ ...ctx, eventId: uniqueId("ev") });
  expect(again.writes.map((w) => w.status)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
  expect(await control(salesforceFake, `${instance}/__fake/updates`)).toHaveLength(1);
  expect((await control<{ markedAsPaid: number }>(shopifyFake, `https://${shop}/__fake/counters`)).markedAsPaid).toBe(1);
});
