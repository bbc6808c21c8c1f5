import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { fakeAccount, oauth2Api, putThinSource } from "../support/generic-api";

it("a source's api credentials are sealed and never returned: PUT, the sources listing and the change log show only public fields", async () => {
  const t = await createTenant();
  const account = await fakeAccount();
  const api = oauth2Api(account, { headers: { "x-api-key": "header-key-that-must-not-leak" } });
  const put = await putThinSource(t, "crm", api);
  expect(put.status).toBe(201);
  const putText = await put.text();

  const listing = await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN });
  const listingText = await listing.text();
  const source = (JSON.parse(listingText) as { items: { source: string; api?: Record<string, unknown> }[] }).items.find((s) => s.source === "crm");
  expect(source?.api).toEqual({
    configured: true,
    baseUrl: "https://api.generic.test",
    fetchUrl: api.fetchUrl,
    status: "configured",
  });
  expect((JSON.parse(putText) as { api: unknown }).api).toEqual(source?.api);

  const changes = await (await call(`/v1/admin/changes?limit=50`, { token: ADMIN_TOKEN })).text();
  const rows = JSON.stringify((await env.DB.prepare("SELECT * FROM sources WHERE tenant_id = ?").bind(t.tenant).all()).results);
  for (const secret of [account.clientSecret, account.refreshToken, "header-key-that-must-not-leak"]) {
    expect(putText).not.toContain(secret);
    expect(listingText).not.toContain(secret);
    expect(changes).not.toContain(secret);
    expect(rows).not.toContain(secret);
  }
  // The change log says the connection was replaced, without its content.
  expect(changes).toContain('"apiReplaced":true');
});
