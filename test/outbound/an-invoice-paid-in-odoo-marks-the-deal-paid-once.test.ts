import { expect, it } from "vitest";
import { invoiceStatusFlow } from "../../src/outbound/flows/invoice-status";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, pay, postedInvoice } from "../support/outbound-status";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";

const HOST = "https://api.hubapi.com";

it("an invoice paid in Odoo marks the deal paid once: a second send of the same state writes nothing", async () => {
  const odoo = await emulatedOdoo("19.0");
  const { opportunityId, invoiceId } = await postedInvoice(odoo, { price: 100 });
  const portalId = String(Math.floor(Math.random() * 1e9));
  const token = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken: token });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals`, { records: [{ id: "9001", properties: { dealname: "Acme deal" } }] });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/properties/deals`, { names: ["odoo_invoice_status", "odoo_amount_due", "odoo_amount_paid"] });
  // What the inbound deal writer recorded when the deal reached Odoo.
  await mappingsOf(odoo, "crm").put("deal", "9001", { model: "crm.lead", id: opportunityId });
  const targets = [{ sourceId: "crm", provider: "hubspot", session: sessionOn(hubspotFake, hubspotApi, { accessToken: token }) }];
  const config = { to: ["crm"], properties: {}, mode: "realtime" as const };

  expect((await pay(odoo, invoiceId)).payment_state).toBe("in_payment");
  const ctx = flowContext<"invoiceStatus">(odoo, { externalId: String(invoiceId), model: "account.move", config, targets });
  const first = await invoiceStatusFlow.send(ctx);

  expect(first.odoo).toEqual({ model: "account.move", id: invoiceId });
  expect(first.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["deal:9001:odoo_invoice_status", "paid", "sent"],
    ["deal:9001:odoo_amount_due", "0", "sent"],
    ["deal:9001:odoo_amount_paid", "100", "sent"],
  ]);
  const deal = await control<{ properties: Record<string, string> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals/9001`);
  expect(deal.properties).toMatchObject({ dealname: "Acme deal", odoo_invoice_status: "paid", odoo_amount_due: "0", odoo_amount_paid: "100" });

  // The same change seen again (a poll after the callback, a retry after a lost answer).
  const again = await invoiceStatusFlow.send({ ...ctx, eventId: uniqueId("ev") });
  expect(again.writes.map((w) => w.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
  const counters = await control<{ byPath: Record<string, number> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/counters`);
  expect(counters.byPath["/crm/v3/objects/deals/9001"]).toBe(1);
});
