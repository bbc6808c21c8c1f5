/// <reference types="vite/client" />
import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooSearchRead } from "../support/router";
import accountAndContactXml from "../fixtures/salesforce/account-and-contact.xml?raw";

it("a Salesforce Contact becomes a child contact (parent_id) of its Account's company partner", async () => {
  const t = await createTenant();
  const source = await call(`/v1/admin/tenants/${t.tenant}/sources/sf`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "salesforce", secrets: ["sf-token"], options: { organizationId: "00D5w000004qGTOEA2" } }),
  });
  expect(source.status).toBe(201);
  const posted = await call(`/webhooks/${t.tenant}/sf?token=sf-token`, {
    method: "POST",
    body: accountAndContactXml,
    headers: { "content-type": "text/xml; charset=utf-8" },
  });
  expect(posted.status).toBe(200);

  type Partner = { id: number; name: string; is_company: boolean; parent_id: [number, string] | false; display_name: string; ref: string };
  const partners = () => odooSearchRead<Partner>(t, "res.partner", ["name", "is_company", "parent_id", "display_name", "ref"]);
  // The contact may be written before or after its company: it waits for it either way.
  await expect.poll(async () => (await partners()).filter((p) => p.parent_id).length, { timeout: 20_000 }).toBe(1);
  const all = await partners();
  const company = all.find((p) => p.is_company)!;
  const contact = all.find((p) => p.ref === "sf:0035w000035gg9GAAQ")!;
  expect(company.ref).toBe("sf:0015w00002BFDeLAAX");
  expect(contact.parent_id).toEqual([company.id, company.name]);
  expect(contact.display_name).toBe(`${company.name}, Rose Gonzalez`);
  expect(all).toHaveLength(2);
});
