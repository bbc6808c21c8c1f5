import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooRecords, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a mapped field the Odoo database lacks is named by odoo/check, and its events go dead with the field named (not dropped)", async () => {
  const t = await createTenant({ odooVersion: "17.0" });
  await putRouting(t, { fields: { customer: [{ from: "data.email", to: "x_loyalty_email" }] } });

  const check = (await (await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN })).json()) as {
    ok: boolean;
    missingFields: unknown[];
    problems: string[];
  };
  expect(check.ok).toBe(false);
  expect(check.missingFields).toEqual([{ kind: "customer", model: "res.partner", field: "x_loyalty_email", from: "data.email" }]);
  expect(check.problems).toContainEqual(expect.stringContaining("res.partner.x_loyalty_email"));

  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event.status).toBe("dead");
  expect(event.error?.category).toBe("business");
  expect(event.error?.message).toContain('fields.customer "data.email"');
  expect(event.error?.message).toContain("res.partner.x_loyalty_email");
  expect(await odooRecords(t, "res.partner")).toEqual([]);
});
