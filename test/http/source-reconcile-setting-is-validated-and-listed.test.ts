import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { getReconcileSettings } from "../../src/db/reconciliations";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { addWooApiSource } from "../support/reconcile";
import { putSource } from "../support/sources";

it("reconcile.every must be a duration of 1m..7d; the listing shows the schedule and the watermark", async () => {
  const t = await createTenant();
  for (const every of ["15x", "30s", "8d"]) {
    const response = await putSource(t, "woo", { provider: "woocommerce", secrets: ["s"], reconcile: { every } } as Parameters<typeof putSource>[2]);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^reconcile\.every: /);
  }
  await addWooApiSource(t, { reconcile: { every: "15m", lookbackHours: 48 } });
  const listing = (await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).json()) as { items: { source: string; reconcile: unknown }[] };
  expect(listing.items.find((s) => s.source === "woo")?.reconcile).toEqual({ every: "15m", lookbackHours: 48, watermark: null, warning: null });
  expect(listing.items.find((s) => s.source === "shop")?.reconcile).toBeNull();
});

it("a provider that cannot list changes takes no reconcile setting", async () => {
  const t = await createTenant();
  const response = await putSource(t, "gh", { provider: "github", secrets: ["s"], reconcile: { every: "1h" } } as Parameters<typeof putSource>[2]);
  expect(response.status).toBe(422);
  expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^reconcile: the github provider cannot list changes/);
});

it("deleting a source removes its reconciliation schedule", async () => {
  const t = await createTenant();
  await addWooApiSource(t, { reconcile: { every: "1h" } });
  expect((await call(`/v1/admin/tenants/${t.tenant}/sources/woo`, { method: "DELETE", token: ADMIN_TOKEN })).status).toBe(200);
  expect(await getReconcileSettings(env.DB, t.tenant, "woo")).toBeNull();
});
