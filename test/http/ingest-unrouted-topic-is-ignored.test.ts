import { expect, it } from "vitest";
import { call, createTenant, postShopify, ADMIN_TOKEN } from "../support/router";

it("a genuine delivery of an unrouted topic is 200 ignored and visible in the audit trail", async () => {
  const t = await createTenant();
  const response = await postShopify(t, "app/uninstalled", { id: 1 });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ignored", reason: expect.stringContaining("app/uninstalled") });

  await expect
    .poll(async () => {
      const list = await call(`/v1/tenants/${t.tenant}/events?status=ignored`, { token: ADMIN_TOKEN });
      return ((await list.json()) as { items: { topic: string }[] }).items.map((e) => e.topic);
    }, { timeout: 10_000 })
    .toEqual(["app/uninstalled"]);
});
