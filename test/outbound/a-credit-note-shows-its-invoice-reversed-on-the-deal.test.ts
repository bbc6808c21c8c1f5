import { expect, it } from "vitest";
import { invoiceStatusFlow } from "../../src/outbound/flows/invoice-status";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, postedInvoice } from "../support/outbound-status";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";

const HOST = "https://api.hubapi.com";

it("a credit note speaks for the invoice it reverses: the deal shows that invoice reversed, whichever move changed", async () => {
  const odoo = await emulatedOdoo("17.0");
  const { opportunityId, invoiceId } = await postedInvoice(odoo, { price: 80 });
  const portalId = String(Math.floor(Math.random() * 1e9));
  const token = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken: token });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals`, { records: [{ id: "31", properties: { dealname: "Deal" } }] });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/properties/deals`, { names: ["odoo_invoice_status", "odoo_amount_due", "odoo_amount_paid"] });
  await mappingsOf(odoo, "crm").put("deal", "31", { model: "crm.lead", id: opportunityId });
  const targets = [{ sourceId: "crm", provider: "hubspot", session: sessionOn(hubspotFake, hubspotApi, { accessToken: token }) }];
  const config = { to: ["crm"], properties: {}, mode: "realtime" as const };
  const ledger = flowContext<"invoiceStatus">(odoo, { externalId: String(invoiceId), model: "account.move", config, targets }).ledger;
  const send = (moveId: number) => invoiceStatusFlow.send(flowContext<"invoiceStatus">(odoo, { externalId: String(moveId), model: "account.move", config, targets, ledger, version: 17 }));

  expect((await send(invoiceId)).detail).toMatchObject({ status: "posted", amountDue: 80 });

  // "Credit Note" on the invoice (account.move.reversal), posted: Odoo reconciles it with the invoice.
  const context = { active_model: "account.move", active_ids: [invoiceId] };
  const wizardId = await odoo.run<number>("account.move.reversal", "create", [{ reason: "returned" }], { context });
  const action = await odoo.run<{ res_id: number }>("account.move.reversal", "refund_moves", [[wizardId]], { context });
  await odoo.run("account.move", "action_post", [[action.res_id]]);

  // The credit note's own change is the one seen first.
  const byCreditNote = await send(action.res_id);
  expect(byCreditNote.odoo).toEqual({ model: "account.move", id: invoiceId });
  expect(byCreditNote.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["deal:31:odoo_amount_paid", "0", "unchanged"],
    ["deal:31:odoo_invoice_status", "reversed", "sent"],
    ["deal:31:odoo_amount_due", "0", "sent"],
  ]);
  // Then the invoice's own change (payment_state reversed): the same values, nothing sent.
  expect((await send(invoiceId)).writes.map((w) => w.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
});
