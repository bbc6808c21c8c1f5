import { expect, it } from "vitest";
import { attemptDetail, createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a read that fails transiently (even a 502 whose answer is lost) is retried within the delivery: one queue attempt", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [
    { kind: "http_502", model: "res.partner", method: "search", times: 1 },
    { kind: "reset", model: "res.partner", method: "search", times: 1 },
  ]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  expect(event.attempts).toBe(1);
  expect(event.timeline?.filter((e) => e.step === "odoo_attempt" && e.detail?.outcome === "failed")).toEqual([]);
  expect(attemptDetail(event)).toMatchObject({ odooCallsRetried: 2 });

  const searches = (await odooCalls(t)).filter((c) => c.model === "res.partner" && c.method === "search");
  expect(searches.slice(0, 3).map((c) => c.outcome)).toEqual(["fault", "fault", "ok"]);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});
