import { expect, it } from "vitest";
import { invoiceStatusFlow } from "../../src/outbound/flows/invoice-status";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { emulatedOdoo, flowContext } from "../support/outbound-status";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";

it("a callback for an invoice that is gone from Odoo (rolled back or deleted) sends nothing and calls no provider", async () => {
  const odoo = await emulatedOdoo("17.0");
  const partner = await odoo.run<number>("res.partner", "create", [{ name: "Bob" }]);
  const draft = await odoo.run<number>("account.move", "create", [{ move_type: "out_invoice", partner_id: partner, invoice_line_ids: [[0, 0, { name: "x", quantity: 1, price_unit: 10 }]] }]);
  await odoo.run("account.move", "unlink", [[draft]]);
  const portalId = String(Math.floor(Math.random() * 1e9));
  const token = uniqueId("pat-");
  await control(hubspotFake, "https://api.hubapi.com/__fake/portals", { portalId, accessToken: token });
  const targets = [{ sourceId: "crm", provider: "hubspot", session: sessionOn(hubspotFake, hubspotApi, { accessToken: token }) }];

  const result = await invoiceStatusFlow.send(flowContext<"invoiceStatus">(odoo, { externalId: String(draft), model: "account.move", config: { to: ["crm"], properties: {}, mode: "realtime" }, targets, version: 17 }));

  expect(result).toEqual({ writes: [], odoo: null, detail: { skipped: "no longer in Odoo" } });
  expect((await control<{ calls: number }>(hubspotFake, `https://api.hubapi.com/__fake/portals/${portalId}/counters`)).calls).toBe(0);
});
