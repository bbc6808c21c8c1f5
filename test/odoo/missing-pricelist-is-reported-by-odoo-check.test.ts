import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooExecute, odooRecords, waitForStatus } from "../support/router";
import { addWooSource, postWoo } from "../support/woocommerce";
import order from "../fixtures/woocommerce/order.json";

it("a currency with no pricelist is reported by odoo/check, and its orders go dead with a configuration error (never written in USD)", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  await addWooSource(t, "EUR");

  const check = (await (await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN })).json()) as {
    ok: boolean;
    currencies: unknown[];
    problems: string[];
  };
  expect(check.ok).toBe(false);
  expect(check.currencies).toEqual([{ code: "EUR", active: true, pricelistId: null }]);
  expect(check.problems).toContainEqual(expect.stringContaining("no active EUR pricelist"));

  const event = await waitForStatus(t, await postWoo(t, "order.created", { ...order, currency: "EUR" }), ["delivered", "dead"]);
  expect(event.status).toBe("dead");
  expect(event.error?.message).toContain("no active EUR pricelist");
  expect(event.error?.message).toContain("pricelists.create");
  expect(await odooRecords(t, "sale.order")).toEqual([]);
});

it("an inactive currency of a source is reported by odoo/check", async () => {
  const t = await createTenant({ odooVersion: "17.0" });
  await addWooSource(t, "GBP");
  await odooExecute(t, "res.currency", "write", [[3], { active: false }]);
  const check = (await (await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN })).json()) as {
    currencies: unknown[];
    problems: string[];
  };
  expect(check.currencies).toEqual([{ code: "GBP", active: false, pricelistId: null }]);
  expect(check.problems).toContainEqual(expect.stringContaining("currency GBP is not active"));
});
