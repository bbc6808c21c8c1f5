import { expect, it } from "vitest";
import { routingSchema } from "../../src/tenant/routing";

it("routing ownership refuses the fields records are found by (ref), unknown owners and names that are not Odoo models", () => {
  expect(routingSchema.safeParse({ ownership: { "res.partner": { ref: "odoo" } } }).success).toBe(false);
  expect(routingSchema.safeParse({ ownership: { "res.partner": { phone: "nobody" } } }).success).toBe(false);
  expect(routingSchema.safeParse({ ownership: { partner: { phone: "odoo" } } }).success).toBe(false);
});
