import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, getEvent, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a dead event shows its error class in its timeline and in the events list, which filters by it", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [
    { kind: "validation", model: "res.partner", method: "create", times: 1, message: "The VAT number [XX123] does not seem to be valid." },
  ]);
  const refused = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 1001 }))).json()) as { eventId: string };
  await waitForStatus(t, refused.eventId, ["dead"]);
  const written = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 1002 }))).json()) as { eventId: string };
  await waitForStatus(t, written.eventId, ["delivered"]);

  expect(await getEvent(t, refused.eventId)).toMatchObject({ status: "dead", errorClass: "data" });
  expect(await getEvent(t, written.eventId)).toMatchObject({ status: "delivered", errorClass: null });

  const list = async (query: string) => {
    const response = await call(`/v1/tenants/${t.tenant}/events?${query}`, { token: ADMIN_TOKEN });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { id: string; errorClass: string | null }[] }).items;
  };
  expect((await list("errorClass=data")).map((e) => e.id)).toEqual([refused.eventId]);
  expect(await list("errorClass=transient")).toEqual([]);
  expect((await list("")).find((e) => e.id === refused.eventId)?.errorClass).toBe("data");

  const bad = await call(`/v1/tenants/${t.tenant}/events?errorClass=oops`, { token: ADMIN_TOKEN });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "invalid_request",
    message: expect.stringContaining("errorClass"),
  });
});
