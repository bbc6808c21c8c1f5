import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { listExceptions, putAlerts } from "../support/alerts";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { putSource } from "../support/sources";
import { shopifyCustomer } from "../support/shopify";

it("a source without a delivery for its silentMinutes is listed, from its creation if it never had one", async () => {
  const t = await createTenant();
  expect((await putSource(t, "b2b", { provider: "shopify", secrets: ["b2b-secret"] })).status).toBe(201);
  // Both sources were created two hours ago; the shop had a delivery since, b2b none.
  await env.DB.prepare("UPDATE sources SET created_at = ? WHERE tenant_id = ?").bind(Date.now() - 2 * 3600_000, t.tenant).run();
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 31 }))).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered"]);

  // Default threshold (24 h): nobody is silent yet.
  expect(await listExceptions(t, "source_silent")).toEqual([]);
  // b2b's own threshold: 60 minutes.
  expect((await putAlerts(t, { exceptions: { sources: { b2b: { silentMinutes: 60 } } } })).status).toBe(201);
  const silent = await listExceptions(t, "source_silent");
  expect(silent).toHaveLength(1);
  expect(silent[0]).toMatchObject({ type: "source_silent", source: "b2b", error: "no delivery since the source was created", odoo: null });
  expect(silent[0]!.ageMinutes).toBeGreaterThanOrEqual(119);
});
