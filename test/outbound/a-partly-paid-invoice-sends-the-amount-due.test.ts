import { expect, it } from "vitest";
import { invoiceStatusFlow } from "../../src/outbound/flows/invoice-status";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, pay, postedInvoice } from "../support/outbound-status";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import shopifyFake from "../support/provider-fakes/shopify.mjs";

const HOST = "https://api.hubapi.com";

it("a partly paid invoice sends the amount due in the routing's property names, and leaves the shop order unpaid", async () => {
  const odoo = await emulatedOdoo("17.0");
  const { opportunityId, orderId, invoiceId } = await postedInvoice(odoo, { price: 100 });
  const portalId = String(Math.floor(Math.random() * 1e9));
  const token = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken: token });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals`, { records: [{ id: "77", properties: { dealname: "Acme deal" } }] });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/properties/deals`, { names: ["invoice_state", "balance_due"] });
  await mappingsOf(odoo, "crm").put("deal", "77", { model: "crm.lead", id: opportunityId });
  const shop = `${uniqueId("shop")}.myshopify.com`;
  await control(shopifyFake, `https://${shop}/__fake/seed`, { accessToken: "shpat_test", orders: [{ legacyResourceId: "6001", displayFinancialStatus: "PENDING", updatedAt: new Date().toISOString() }] });
  await mappingsOf(odoo, "shop").put("order", "6001", { model: "sale.order", id: orderId });
  const targets = [
    { sourceId: "crm", provider: "hubspot", session: sessionOn(hubspotFake, hubspotApi, { accessToken: token }) },
    { sourceId: "shop", provider: "shopify", session: sessionOn(shopifyFake, shopifyApi, { shop, accessToken: "shpat_test" }) },
  ];
  const config = { to: ["crm", "shop"], properties: { status: "invoice_state", amountDue: "balance_due" }, mode: "realtime" as const };

  expect((await pay(odoo, invoiceId, 40)).payment_state).toBe("partial");
  const ctx = flowContext<"invoiceStatus">(odoo, { externalId: String(invoiceId), model: "account.move", config, targets, version: 17 });
  const partial = await invoiceStatusFlow.send(ctx);
  expect(partial.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["deal:77:invoice_state", "partial", "sent"],
    ["deal:77:balance_due", "60", "sent"],
    ["order:gid://shopify/Order/6001:paid", null, "skipped"],
  ]);
  expect(partial.writes[2]!.reason).toContain("partial");

  // The rest is paid: only what changed goes out, and now the shop order is paid.
  await pay(odoo, invoiceId);
  const paid = await invoiceStatusFlow.send({ ...ctx, eventId: uniqueId("ev") });
  expect(paid.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["deal:77:invoice_state", "paid", "sent"],
    ["deal:77:balance_due", "0", "sent"],
    ["order:gid://shopify/Order/6001:paid", true, "sent"],
  ]);
  const deal = await control<{ properties: Record<string, string> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals/77`);
  expect(deal.properties).toMatchObject({ invoice_state: "paid", balance_due: "0" });
});
