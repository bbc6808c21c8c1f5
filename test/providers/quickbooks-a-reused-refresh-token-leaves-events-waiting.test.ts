/**
 * QuickBooks refresh tokens are single-use: a source configured with one that was already spent
 * (another copy of the app refreshed with it) gets `invalid_grant`. The connection is auth_failed,
 * the invoice event waits (retrying, never dead, nothing half-written), no secret is shown; once an
 * admin PUTs a valid refresh token the event is read and written.
 */
import { expect, it, vi } from "vitest";
import { qboCustomer } from "../support/accounting-objects";
import { postQuickBooksChanges, putAccountingSource, quickbooksCompany } from "../support/accounting-sources";
import { ADMIN_TOKEN, call, createTenant, getEvent, odooSearchRead, waitForStatus } from "../support/router";

it("a reused QuickBooks refresh token makes the connection auth_failed and the events wait until new credentials", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 0, maxDelaySeconds: 1 } } });
  const company = await quickbooksCompany();
  const lastUpdated = new Date(Date.now() - 60_000).toISOString();
  await company.seed({ Customer: [qboCustomer("1", { MetaData: { LastUpdatedTime: lastUpdated } })] });
  // Someone else refreshes with the token first: Intuit rotates it, the old one is spent.
  const spent = company.api.refreshToken;
  const rotation = await fetch("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${company.api.clientId}:${company.api.clientSecret}`)}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: spent }).toString(),
  });
  const { refresh_token: current } = (await rotation.json()) as { refresh_token: string };
  expect((await putAccountingSource(t, "qbo", "quickbooks", company.api)).status).toBe(201);

  const reply = (await (await postQuickBooksChanges(t, "qbo", company.realmId, [{ name: "Customer", id: "1", lastUpdated }])).json()) as { eventId: string };
  const waiting = await waitForStatus(t, reply.eventId, ["retrying", "dead", "delivered"]);
  expect(waiting.status).toBe("retrying");
  expect(waiting.error).toMatchObject({ category: "auth", name: "provider_auth", message: expect.stringContaining("invalid_grant") });
  await vi.waitUntil(async () => ((await getEvent(t, reply.eventId))?.attempts ?? 0) >= 2, { timeout: 15_000, interval: 100 });
  expect((await getEvent(t, reply.eventId))?.status).toBe("retrying");
  const listing = await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).text();
  expect(JSON.parse(listing).items.find((s: { source: string }) => s.source === "qbo")?.api).toMatchObject({ status: "auth_failed", realmId: company.realmId });
  for (const secret of [spent, current, company.api.clientSecret]) {
    expect(listing).not.toContain(secret);
    expect(JSON.stringify(await getEvent(t, reply.eventId))).not.toContain(secret);
  }
  // The refused token is not sent again and again: one refusal, then the connection waits.
  expect((await company.counters()).invalidGrants).toBe(1);
  expect(await odooSearchRead(t, "res.partner", ["ref"]).then((rows) => rows.filter((r) => String(r.ref).startsWith("qbo:")))).toEqual([]);

  expect((await putAccountingSource(t, "qbo", "quickbooks", { ...company.api, refreshToken: current })).status).toBe(200);
  expect((await waitForStatus(t, reply.eventId, ["delivered", "dead"], 30_000)).status).toBe("delivered");
  const partners = await odooSearchRead<{ ref: string; name: string }>(t, "res.partner", ["ref", "name"]);
  expect(partners.find((p) => p.ref === `qbo:${company.realmId}:1`)?.name).toBe("Amy Lauterbach");
});
