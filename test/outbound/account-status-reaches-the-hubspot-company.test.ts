import { expect, it } from "vitest";
import { accountStatusFlow } from "../../src/outbound/flows/account-status";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext, mappingsOf, postedInvoice } from "../support/outbound-status";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";

const HOST = "https://api.hubapi.com";

it("account status reaches the HubSpot company as text properties, in the routing's names; a field the portal lacks fails as config", async () => {
  const odoo = await emulatedOdoo("16.0");
  const { partnerId } = await postedInvoice(odoo, { price: 420, dueDate: "2021-03-01" });
  const portalId = String(Math.floor(Math.random() * 1e9));
  const token = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken: token });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/companies`, { records: [{ id: "1201", properties: { name: "Acme Corp" } }] });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/properties/companies`, { names: ["balance_due", "past_due"] });
  await mappingsOf(odoo, "crm").put("company", "1201", { model: "res.partner", id: partnerId });
  const targets = [{ sourceId: "crm", provider: "hubspot", session: sessionOn(hubspotFake, hubspotApi, { accessToken: token }) }];
  const send = (fields: Record<string, string>) =>
    accountStatusFlow.send(flowContext<"accountStatus">(odoo, { externalId: String(partnerId), model: "res.partner", config: { to: ["crm"], fields, mode: "realtime" }, targets, version: 16 }));

  const result = await send({ amountDue: "balance_due", overdue: "past_due" });
  expect(result.writes.map((w) => [w.objectKey, w.value, w.status])).toEqual([
    ["company:1201:balance_due", "420", "sent"],
    ["company:1201:past_due", "420", "sent"],
  ]);
  const company = await control<{ properties: Record<string, string> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/companies/1201`);
  expect(company.properties).toMatchObject({ name: "Acme Corp", balance_due: "420", past_due: "420" });

  // The default names (odoo_*) were never created in this portal.
  await expect(send({})).rejects.toMatchObject({ category: "config", status: 400 });
});
