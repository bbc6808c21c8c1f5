import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooSearchRead, putRouting, waitForStatus } from "../support/router";
import { fakeAccount, postThinCustomer, putFakeObject, WHSEC } from "../support/generic-api";

it('a product deleted upstream is archived (its template, so its variants) when the routing says deletes.product = "archive"', async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  const route = { kind: "product", idPath: "data.id", versionPath: "data.version", thin: true, fields: { title: "name", sku: "sku", price: "price", currency: "currency" } };
  const put = await call(`/v1/admin/tenants/${t.tenant}/sources/catalog`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({
      provider: "standard-webhooks",
      secrets: [WHSEC],
      options: { eventTypes: { "product.updated": route } },
      api: { fetchUrl: `https://api.generic.test/${account.account}/products/{id}` },
    }),
  });
  expect(put.status).toBe(201);
  await putRouting(t, { deletes: { product: "archive" } });

  await putFakeObject(account, "products/p-1", { name: "Mug", sku: "MUG-1", price: "9.50", currency: "USD" });
  const first = (await (await postThinCustomer(t, "catalog", "p-1", 1, "product.updated")).json()) as { eventId: string };
  expect((await waitForStatus(t, first.eventId, ["delivered", "dead"])).status).toBe("delivered");

  await putFakeObject(account, "products/p-1", null);
  const second = (await (await postThinCustomer(t, "catalog", "p-1", 2, "product.updated")).json()) as { eventId: string };
  const archived = await waitForStatus(t, second.eventId, ["delivered", "dead", "ignored"]);
  expect(archived.status).toBe("delivered");
  const templates = await odooSearchRead<{ default_code: string; active: boolean }>(t, "product.template", ["default_code", "active"]);
  expect(templates.filter((p) => p.default_code === "MUG-1")).toEqual([expect.objectContaining({ active: false })]);
  const variants = await odooSearchRead<{ default_code: string; active: boolean }>(t, "product.product", ["default_code", "active"]);
  expect(variants.filter((p) => p.default_code === "MUG-1")).toEqual([expect.objectContaining({ active: false })]);
});
