import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { runDueReconciliations } from "../../src/reconcile/schedule";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { addWooApiSource, waitForJob } from "../support/reconcile";

it("the minute cron starts a source's reconciliation once per slot of its `every`, and the next slot again", async () => {
  const t = await createTenant();
  await addWooApiSource(t, { reconcile: { every: "1h" } });
  const jobs = async () =>
    ((await (await call(`/v1/tenants/${t.tenant}/reconciliations?source=woo`, { token: ADMIN_TOKEN })).json()) as { items: { id: string; trigger: string }[] }).items;

  const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
  await runDueReconciliations(env, hour + 60_000);
  const first = await jobs();
  expect(first.map((j) => j.trigger)).toEqual(["schedule"]);
  expect((await waitForJob(t, first[0]!.id)).state).toBe("done");
  // Same slot, the first run finished (so "already running" cannot be why): nothing new.
  await runDueReconciliations(env, hour + 120_000);
  expect((await jobs()).map((j) => j.trigger)).toEqual(["schedule"]);

  await runDueReconciliations(env, hour + 3600_000 + 60_000);
  expect((await jobs()).map((j) => j.trigger)).toEqual(["schedule", "schedule"]);
});
