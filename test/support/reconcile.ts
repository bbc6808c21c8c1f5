/** A WooCommerce source with an API connection to its own fake shop, and reconciliation runs. */
import { expect } from "vitest";
import { ADMIN_TOKEN, call, type TestTenant } from "./router";
import { uniqueId } from "./shopify";
import { putSource } from "./sources";
import { WOO_SECRET } from "./woocommerce";

export interface Job {
  id: string;
  state: string;
  error: string | null;
  warning: string | null;
  dryRun: boolean;
  counts: Record<string, number>;
  exceptions: { items: Record<string, unknown>[] };
}

/** Adds source "woo" (USD) connected to a fresh fake shop; returns the shop's base URL. */
export async function addWooApiSource(t: TestTenant, extra: Record<string, unknown> = {}): Promise<string> {
  const shop = `https://${uniqueId("shop")}.woo.test`;
  await fetch(`${shop}/__fake/seed`, { method: "POST", body: JSON.stringify({ consumerKey: "ck_test", consumerSecret: "cs_test" }) });
  const body = { provider: "woocommerce", secrets: [WOO_SECRET], options: { currency: "USD" }, api: { consumerKey: "ck_test", consumerSecret: "cs_test", baseUrl: shop }, ...extra };
  const response = await putSource(t, "woo", body as Parameters<typeof putSource>[2]);
  expect(response.status).toBe(201);
  return shop;
}

export async function seedShop(shop: string, orders: unknown[]): Promise<void> {
  await fetch(`${shop}/__fake/seed`, { method: "POST", body: JSON.stringify({ orders }) });
}

/** Starts a reconciliation (admin token) and waits until it is no longer running. */
export async function reconcile(t: TestTenant, body: Record<string, unknown>, timeoutMs = 60_000): Promise<Job> {
  const started = await call(`/v1/tenants/${t.tenant}/reconciliations`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ source: "woo", ...body }) });
  expect(started.status).toBe(202);
  return waitForJob(t, ((await started.json()) as { id: string }).id, timeoutMs);
}

export async function waitForJob(t: TestTenant, jobId: string, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  let job: Job;
  do {
    await new Promise((r) => setTimeout(r, 300));
    job = (await (await call(`/v1/tenants/${t.tenant}/reconciliations/${jobId}`, { token: ADMIN_TOKEN })).json()) as Job;
  } while (job.state === "running" && Date.now() < deadline);
  return job;
}
