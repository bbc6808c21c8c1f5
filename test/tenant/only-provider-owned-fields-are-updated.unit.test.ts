import { expect, it } from "vitest";
import { DEFAULT_ROUTING, routingSchema } from "../../src/tenant/routing";
import { fieldOwner, ownedValues } from "../../src/tenant/ownership";

it("ownedValues keeps every value on create and, on update, only the fields the provider owns (defaults, then the routing)", () => {
  const routing = routingSchema.parse({
    ownership: { "res.partner": { phone: "odoo", email: "create-only", user_id: "provider" }, "product.template": { list_price: "odoo" } },
  });
  const partner = { name: "Jane Roe", phone: "+1 555", email: "jane@example.test", user_id: 7, property_payment_term_id: 3 };

  expect(ownedValues(routing, "res.partner", partner, "create")).toEqual(partner);
  // phone (odoo) and email (create-only) are left as they are; user_id is given back to the
  // provider by the routing; payment terms are Odoo's by default.
  expect(ownedValues(routing, "res.partner", partner, "update")).toEqual({ name: "Jane Roe", user_id: 7 });
  // Without routing: only the defaults (Odoo owns salesperson and payment terms).
  expect(ownedValues(DEFAULT_ROUTING, "res.partner", partner, "update")).toEqual({ name: "Jane Roe", phone: "+1 555", email: "jane@example.test" });

  // Variants follow their template's rules; the product's price stays provider-owned by default.
  expect(fieldOwner(routing, "product.product", "list_price")).toBe("odoo");
  expect(fieldOwner(DEFAULT_ROUTING, "product.product", "list_price")).toBe("provider");
  expect(fieldOwner(DEFAULT_ROUTING, "product.product", "taxes_id")).toBe("odoo");
  expect(fieldOwner(DEFAULT_ROUTING, "sale.order", "note")).toBe("provider");
});
