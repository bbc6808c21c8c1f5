import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, putRouting } from "../support/router";

it("GET odoo/check lists the effective field ownership per model: the defaults, with the routing's rules over them", async () => {
  const t = await createTenant();
  await putRouting(t, { ownership: { "res.partner": { user_id: "create-only", phone: "odoo" }, "product.product": { list_price: "odoo" } } });
  const response = await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { ownership: { unlisted: string; models: Record<string, Record<string, string>> } };
  expect(body.ownership.unlisted).toBe("provider");
  expect(body.ownership.models["res.partner"]).toEqual({
    property_payment_term_id: "odoo",
    property_product_pricelist: "odoo",
    user_id: "create-only",
    phone: "odoo",
  });
  expect(body.ownership.models["product.product"]).toEqual({ taxes_id: "odoo", standard_price: "odoo", list_price: "odoo" });
  expect(body.ownership.models["crm.lead"]).toEqual({ user_id: "odoo", team_id: "odoo" });
});
