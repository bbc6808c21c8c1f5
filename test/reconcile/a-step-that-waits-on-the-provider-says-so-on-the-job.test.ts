import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { addWooApiSource, seedShop, waitForJob, type Job } from "../support/reconcile";
import order from "../fixtures/woocommerce/order.json";

it("a reconciliation step the provider answers with a 503 is retried, and the running job says why meanwhile", async () => {
  const t = await createTenant();
  const shop = await addWooApiSource(t);
  await seedShop(shop, [{ ...order, id: 901, number: "901", date_modified_gmt: new Date(Date.now() - 600_000).toISOString().slice(0, 19) }]);
  await fetch(`${shop}/__fake/faults`, { method: "POST", body: JSON.stringify([{ status: 503, body: "<html>upstream unavailable</html>", contentType: "text/html" }]) });

  const started = await call(`/v1/tenants/${t.tenant}/reconciliations`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ source: "woo", dryRun: true }) });
  const { id } = (await started.json()) as { id: string };
  let job: Job;
  const deadline = Date.now() + 10_000;
  do {
    await new Promise((r) => setTimeout(r, 200));
    job = (await (await call(`/v1/tenants/${t.tenant}/reconciliations/${id}`, { token: ADMIN_TOKEN })).json()) as Job;
  } while (!job.error && Date.now() < deadline);
  expect(job).toMatchObject({ state: "running", error: expect.stringMatching(/^retrying: .*HTTP 503/) });

  // The queue tries the step again; once it goes through, the note is gone.
  job = await waitForJob(t, id, 30_000);
  expect(job).toMatchObject({ state: "done", error: null, counts: { listed: 1 } });
});
