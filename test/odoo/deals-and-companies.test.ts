/// <reference types="vite/client" />
import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooSearchRead, waitForStatus } from "../support/router";
import accountAndContactXml from "../fixtures/salesforce/account-and-contact.xml?raw";
import opportunityXml from "../fixtures/salesforce/opportunity.xml?raw";

const postSalesforce = (tenant: string, xml: string) =>
  call(`/webhooks/${tenant}/sf?token=sf-token`, { method: "POST", body: xml, headers: { "content-type": "text/xml; charset=utf-8" } });

it("a Salesforce Account becomes a company partner, and its Opportunity a crm.lead linked to it, with the mapped stage", async () => {
  const t = await createTenant();
  const source = await call(`/v1/admin/tenants/${t.tenant}/sources/sf`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "salesforce", secrets: ["sf-token"], options: { organizationId: "00D5w000004qGTOEA2", currency: "USD" } }),
  });
  expect(source.status).toBe(201);
  await call(`/v1/admin/tenants/${t.tenant}/routing`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ dealStages: { "Negotiation/Review": "Proposition" } }),
  });

  expect((await postSalesforce(t.tenant, accountAndContactXml)).status).toBe(200);
  await expect
    .poll(async () => (await odooSearchRead<{ is_company: boolean }>(t, "res.partner", ["is_company"])).filter((p) => p.is_company).length, {
      timeout: 15_000,
    })
    .toBe(1);
  expect((await postSalesforce(t.tenant, opportunityXml)).status).toBe(200);

  const list = async () =>
    ((await (await call(`/v1/tenants/${t.tenant}/events?type=deal.updated`, { token: ADMIN_TOKEN })).json()) as { items: { id: string }[] }).items;
  await expect.poll(async () => (await list()).length, { timeout: 10_000 }).toBe(1);
  const deal = await waitForStatus(t, (await list())[0]!.id, ["delivered", "dead"]);
  expect(deal.status).toBe("delivered");

  const [company] = (await odooSearchRead<{ id: number; name: string; is_company: boolean }>(t, "res.partner", ["name", "is_company"])).filter(
    (p) => p.is_company,
  );
  const leads = await odooSearchRead<{ name: string; type: string; expected_revenue: number; partner_id: [number, string]; stage_id: [number, string] }>(
    t,
    "crm.lead",
    ["name", "type", "expected_revenue", "partner_id", "stage_id"],
  );
  expect(leads).toEqual([
    expect.objectContaining({
      name: "Backpackers, Inc. (Sample)",
      type: "opportunity",
      expected_revenue: 45000,
      partner_id: [company!.id, company!.name],
      stage_id: [expect.any(Number), "Proposition"],
    }),
  ]);
});
