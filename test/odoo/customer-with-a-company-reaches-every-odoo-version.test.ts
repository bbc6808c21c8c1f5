import { describe, expect, it } from "vitest";
import { changeOdooField, createTenant, attemptDetail, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

type Partner = { name: string; ref: string; company_name?: string | false };

describe("a Shopify customer with a company (the employer's name on res.partner)", () => {
  for (const version of ["16.0", "17.0", "18.0", "19.0"]) {
    it(`reaches Odoo ${version}, whose res.partner has company_name (odoo/addons/base/models/res_partner.py)`, async () => {
      const t = await createTenant({ odooVersion: version });
      const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
      const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
      expect(event.error).toBeNull();
      expect(event.status).toBe("delivered");
      const [partner] = await odooSearchRead<Partner>(t, "res.partner", ["name", "ref", "company_name"]);
      expect(partner).toMatchObject({ name: "Bob Doe", ref: "shop:7706405506930", company_name: "Doe Trading" });
    });
  }

  it("reaches a database without company_name (as after 19.0): the name is not sent, and the audit says so", async () => {
    const t = await createTenant({ odooVersion: "19.0" });
    await changeOdooField(t, { model: "res.partner", field: "company_name", remove: true });
    const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
    const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
    expect(event.error).toBeNull();
    expect(event.status).toBe("delivered");
    expect(attemptDetail(event).droppedFields).toEqual(["res.partner.company_name"]);
    const [partner] = await odooSearchRead<Partner>(t, "res.partner", ["name", "ref"]);
    expect(partner).toMatchObject({ name: "Bob Doe", ref: "shop:7706405506930" });
  });
});
