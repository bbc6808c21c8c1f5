import { afterAll, expect, it } from "vitest";
import { createTenant, waitForStatus } from "../support/router";
import { FAKE_HOST, fakeAccount, fakeCounters, putFakeObject, putThinSource } from "../support/generic-api";
import { feedOdooChange } from "../support/outbound-events";
import { testFlow } from "../support/outbound-test-flow";
import { putRouting } from "../support/router";
import { registerOutboundFlowForTest } from "../../src/outbound/route";

afterAll(() => registerOutboundFlowForTest("stock", null));

it("an outbound write is sent once, a retry after a partial failure sends only what is missing, and a change to equal values sends nothing", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 1, maxDelaySeconds: 2 } } });
  const account = await fakeAccount({ auth: "none" });
  await putFakeObject(account, "items/42-a", { ok: true });
  await putFakeObject(account, "items/42-b", { ok: true });
  expect((await putThinSource(t, "webshop", { fetchUrl: `${FAKE_HOST}/${account.account}/customers/{id}` })).status).toBe(201);
  const flow = testFlow({
    name: "stock",
    objects: (id) => [
      { path: `items/${id}-a`, value: { available: 5 } },
      { path: `items/${id}-b`, value: { available: 9 } },
    ],
    failOnce: new Set(["items/42-b"]),
  });
  registerOutboundFlowForTest("stock", flow);
  const routing = { outbound: { stock: { to: ["webshop"] } } };
  await putRouting(t, routing);

  const fed = await feedOdooChange(t, "stock", "42", routing);
  expect(fed.status).toBe("accepted");
  const delivered = await waitForStatus(t, (fed as { eventId: string }).eventId, ["delivered", "dead"], 30_000);
  expect(delivered).toMatchObject({ status: "delivered", attempts: 2, odoo: { model: "product.product", id: 42 } });
  // The first attempt wrote a, then b failed; the retry found a in the ledger and sent only b.
  expect(flow.sentPaths).toEqual(["items/42-a", "items/42-b"]);
  expect((await fakeCounters(account)).calls).toBe(2);
  const attempt = delivered.timeline!.findLast((e) => e.step === "odoo_attempt")!;
  expect(attempt.detail).toMatchObject({
    direction: "outbound",
    flow: "stock",
    writes: [
      { objectKey: "items/42-a", status: "unchanged" },
      { objectKey: "items/42-b", status: "sent", link: `${FAKE_HOST}/${account.account}/items/42-b` },
    ],
  });
  expect((delivered as unknown as { links: unknown[] }).links).toEqual([
    { to: "webshop", provider: "standard-webhooks", objectKey: "items/42-b", link: `${FAKE_HOST}/${account.account}/items/42-b` },
  ]);

  // Odoo reports the product again with the same values: nothing is sent, the event says why.
  const again = await feedOdooChange(t, "stock", "42", routing);
  const ignored = await waitForStatus(t, (again as { eventId: string }).eventId, ["delivered", "ignored", "dead"], 30_000);
  expect(ignored).toMatchObject({ status: "ignored", reason: expect.stringContaining("2 unchanged (the provider already holds these values)") });
  expect((await fakeCounters(account)).calls).toBe(2);
});
