import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../../support/router";
import { putOdooSource } from "../../support/odoo-callbacks";

it("POST .../odoo/automations refuses a public URL that is not https, a shop source and an unknown source, naming the fix", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  await putOdooSource(t);
  const post = (body: unknown) => call(`/v1/admin/tenants/${t.tenant}/odoo/automations`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify(body) });

  for (const publicUrl of ["not a url", "http://router.example.com", "https://router.example.com/?x=1"]) {
    const refused = await post({ source: "odoo", publicUrl });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/^publicUrl: /) } });
  }
  const shop = await post({ source: t.source, publicUrl: "https://router.example.com" });
  expect(shop.status).toBe(422);
  expect(await shop.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining('is a shopify source; automations call an Odoo source (provider "odoo")') } });
  const unknown = await post({ source: "nope", publicUrl: "https://router.example.com" });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ error: { code: "unknown_source" } });
  const noQuery = await call(`/v1/admin/tenants/${t.tenant}/odoo/automations`, { token: ADMIN_TOKEN });
  expect(noQuery.status).toBe(400);
});
