import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("an EU tenant's dead event is replayed from the EU database, through its EU objects, into Odoo", async () => {
  const t = await createTenant({ region: "eu" });
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: "Missing VAT" }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["dead", "delivered"])).status).toBe("dead");

  const started = await call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ status: "dead" }) });
  expect(started.status).toBe(202);
  const { jobId } = (await started.json()) as { jobId: string };
  // The job is kept with the tenant's other data, in the EU database.
  const jobIn = (db: D1Database) => db.prepare("SELECT status FROM replay_jobs WHERE id = ?").bind(jobId).first<{ status: string }>();
  expect(await jobIn(env.DB)).toBeNull();
  expect(await jobIn(env.DB_EU!)).not.toBeNull();

  const done = await vi.waitUntil(async () => {
    const job = (await (await call(`/v1/tenants/${t.tenant}/replays/${jobId}`, { token: ADMIN_TOKEN })).json()) as { status: string; replayed: number };
    return job.status === "done" ? job : null;
  }, { timeout: 10_000, interval: 50 });
  expect(done.replayed).toBe(1);

  const replay = await vi.waitUntil(
    async () => (await env.DB_EU!.prepare("SELECT id FROM events WHERE replay_of = ?").bind(eventId).first<{ id: string }>()) ?? null,
    { timeout: 10_000, interval: 50 },
  );
  expect((await waitForStatus(t, replay.id, ["delivered", "dead"])).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE tenant_id = ?").bind(t.tenant).first("n")).toBe(0);
});
