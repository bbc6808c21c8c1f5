import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, injectOdooFaults, odooRecords, postShopify, readToken, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

interface Page {
  items: { id: string; status: string; replayOf: string | null }[];
}

it("dead events are counted by a dry run, replayed by an operate token, and written once the cause is gone", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: "Missing VAT" }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["dead", "delivered"])).status).toBe("dead");

  const operate = (await (
    await call(`/v1/admin/tenants/${t.tenant}/tokens`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ role: "operate" }) })
  ).json()) as { token: string };
  const readOnly = await readToken(t);
  const replay = (token: string, body: object) =>
    call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token, body: JSON.stringify(body) });

  expect((await replay(readOnly, { dryRun: true })).status).toBe(403);
  const dry = await replay(operate.token, { dryRun: true, status: "dead" });
  expect(await dry.json()).toMatchObject({ dryRun: true, count: 1 });

  const started = await replay(operate.token, { status: "dead" });
  expect(started.status).toBe(202);
  const job = (await started.json()) as { jobId: string; count: number };
  expect(job.count).toBe(1);

  const progress = await vi.waitUntil(async () => {
    const r = (await (await call(`/v1/tenants/${t.tenant}/replays/${job.jobId}`, { token: operate.token })).json()) as {
      status: string;
      replayed: number;
    };
    return r.status === "done" ? r : null;
  }, { timeout: 10_000, interval: 50 });
  expect(progress.replayed).toBe(1);

  const replayed = await vi.waitUntil(async () => {
    const page = (await (await call(`/v1/tenants/${t.tenant}/events?status=delivered`, { token: operate.token })).json()) as Page;
    return page.items.find((e) => e.replayOf === eventId) ?? null;
  }, { timeout: 10_000, interval: 50 });
  expect(replayed.status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
  // The original keeps its history, with a pointer to the replay.
  const original = await waitForStatus(t, eventId, ["dead"]);
  await expect.poll(async () => (await waitForStatus(t, eventId, ["dead"])).timeline?.some((e) => e.step === "replayed")).toBe(true);
  expect(original.status).toBe("dead");
});
