import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, injectOdooFaults } from "../support/router";

it("PUT tenant answers within the check's time limit when Odoo is too slow, with the save done and the check timed out", async () => {
  const t = await createTenant();
  // The check's first object call (the installed models) takes longer than the 5 s limit.
  await injectOdooFaults(t, [{ kind: "slow", delayMs: 8_000, model: "ir.model", times: 1 }]);
  const started = Date.now();
  const response = await call(`/v1/admin/tenants/${t.tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url: t.odooUrl, database: "acme", login: "router@acme.test" }, delivery: { maxConcurrency: 7 } }),
  });
  const elapsed = Date.now() - started;
  expect(response.status).toBe(200);
  expect(elapsed).toBeLessThan(7_500);
  const body = (await response.json()) as { delivery: { maxConcurrency: number }; check: { ok: boolean; timedOut?: boolean; problems: string[] } };
  expect(body.check).toMatchObject({ ok: false, timedOut: true });
  expect(body.check.problems[0]).toMatch(/^Odoo did not answer the check within 5 s/);
  // Saved before the check ran.
  const listed = (await (await call("/v1/admin/tenants", { token: ADMIN_TOKEN })).json()) as { items: { tenant: string; delivery: { maxConcurrency: number } }[] };
  expect(listed.items.find((i) => i.tenant === t.tenant)?.delivery.maxConcurrency).toBe(7);
});
