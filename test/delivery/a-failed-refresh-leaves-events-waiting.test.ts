import { expect, it, vi } from "vitest";
import { env } from "cloudflare:workers";
import { ADMIN_TOKEN, call, createTenant, getEvent, odooRecords, waitForStatus } from "../support/router";
import { fakeAccount, oauth2Api, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

it("a refused refresh leaves thin events waiting (retrying, never dead) without telling Odoo's breaker; new credentials let them through", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 0, maxDelaySeconds: 1 } } });
  const account = await fakeAccount();
  await putFakeObject(account, "customers/w-1", { email: "wait@example.com", first_name: "Wai", last_name: "Ting", version: 2 });
  expect((await putThinSource(t, "crm", oauth2Api({ ...account, refreshToken: "rt-revoked" }))).status).toBe(201);

  const { eventId } = (await (await postThinCustomer(t, "crm", "w-1", 1)).json()) as { eventId: string };
  const waiting = await waitForStatus(t, eventId, ["retrying", "dead", "delivered"]);
  expect(waiting.status).toBe("retrying");
  expect(waiting.error).toMatchObject({ category: "auth", name: "provider_auth", message: expect.stringContaining("invalid_grant") });
  expect(JSON.stringify(waiting)).not.toContain("rt-revoked");

  // It keeps waiting through further attempts; the tenant's Odoo is not paused for it.
  await vi.waitUntil(async () => ((await getEvent(t, eventId))?.attempts ?? 0) >= 2, { timeout: 15_000, interval: 100 });
  expect((await getEvent(t, eventId))?.status).toBe("retrying");
  const gate = await env.ODOO_GATE.getByName(t.tenant).health();
  expect(gate).toMatchObject({ state: "closed", lastError: null, window: { failures: 0 } });
  expect(await odooRecords(t, "res.partner")).toEqual([]);

  // The admin fixes the connection: the next attempt reads the customer and writes it.
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(200);
  expect((await waitForStatus(t, eventId, ["delivered", "dead"], 30_000)).status).toBe("delivered");
  const listing = (await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).json()) as { items: { api?: { status: string } }[] };
  expect(listing.items.find((s) => s.api)?.api?.status).toBe("connected");
});
