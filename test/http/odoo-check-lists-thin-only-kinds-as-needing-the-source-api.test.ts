/**
 * The Odoo check does not claim a flow no source can write: QuickBooks and Xero webhooks only name
 * what changed, so without an `api` connection their invoices are listed in `needsApi`, not in
 * `kinds` (the shop's customers, products and payments still are).
 */
import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { putSource } from "../support/sources";

it("QuickBooks and Xero invoices without an API connection are in needsApi, not in the checked kinds", async () => {
  const t = await createTenant();
  expect((await putSource(t, "qbo", { provider: "quickbooks", secrets: ["verifier-token"] })).status).toBe(201);
  expect((await putSource(t, "xero", { provider: "xero", secrets: ["xero-webhook-key"] })).status).toBe(201);
  const response = await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { kinds: string[]; needsApi: { provider: string; kinds: string[] }[] };
  expect(body.kinds).not.toContain("invoice");
  expect(body.needsApi).toEqual([
    { provider: "quickbooks", kinds: ["invoice"] },
    { provider: "xero", kinds: ["invoice"] },
  ]);
});
