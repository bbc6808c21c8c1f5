import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("replaying an entity's whole history leaves Odoo on the newest version (older ones come back stale)", async () => {
  const t = await createTenant();
  const ids: string[] = [];
  for (const [name, at] of [["Old", "2026-11-01T00:00:00Z"], ["New", "2026-11-02T00:00:00Z"]] as const) {
    const r = await postShopify(t, "customers/update", shopifyCustomer({ first_name: name, updated_at: at }));
    const { eventId } = (await r.json()) as { eventId: string };
    await waitForStatus(t, eventId, ["delivered"]);
    ids.push(eventId);
  }
  const started = await call(`/v1/tenants/${t.tenant}/replays`, {
    method: "POST",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ status: "delivered", kind: "customer" }),
  });
  const { jobId, count } = (await started.json()) as { jobId: string; count: number };
  expect(count).toBe(2);
  const job = await vi.waitUntil(async () => {
    const r = (await (await call(`/v1/tenants/${t.tenant}/replays/${jobId}`, { token: ADMIN_TOKEN })).json()) as {
      status: string;
      replayed: number;
      skipped: number;
    };
    return r.status === "done" ? r : null;
  }, { timeout: 10_000, interval: 50 });
  // The older version is stale against the applied newer one; the newest is re-written.
  expect(job).toMatchObject({ replayed: 1, skipped: 1 });
  await vi.waitUntil(async () => {
    const page = (await (await call(`/v1/tenants/${t.tenant}/events?status=delivered`, { token: ADMIN_TOKEN })).json()) as {
      items: unknown[];
    };
    return page.items.length === 3;
  }, { timeout: 10_000, interval: 50 });
  expect((await odooRecords<{ name: string }>(t, "res.partner")).map((p) => p.name)).toEqual(["New Doe"]);
});
