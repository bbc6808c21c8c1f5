import { describe, expect, it } from "vitest";
import { attemptDetail, createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

describe("a tenant on Odoo 19's JSON-2 API", () => {
  it("gets the same sale.order, partner and products as over JSON-RPC, without any /jsonrpc call", async () => {
    const t = await createTenant({ protocol: "json2" });
    const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string };
    const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
    expect(event.status).toBe("delivered");
    expect(await odooRecords(t, "sale.order")).toHaveLength(1);
    expect(await odooRecords(t, "res.partner")).toHaveLength(1);
    expect(await odooRecords(t, "sale.order.line")).toHaveLength(2);
    // The Odoo check PUT tenant runs reads the server version over RPC (JSON-2 has no version
    // method: odoo/json2.ts); every other call, and every call of the delivery, is JSON-2.
    const calls = (await odooCalls(t)).filter((c) => c.method !== "version");
    const transports = new Set(calls.map((c) => (c as { transport?: string }).transport));
    expect([...transports]).toEqual(["json2"]);
  });

  it("maps HTTP 422 ValidationError to a dead letter and HTTP 503 to a retry", async () => {
    const t = await createTenant({ protocol: "json2" });
    await injectOdooFaults(t, [{ kind: "http_503", times: 1 }]);
    const ok = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
    const delivered = await waitForStatus(t, ok.eventId, ["delivered", "dead"]);
    // Retried (within the delivery: a 503 is refused before Odoo runs the call, safe to repeat).
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1 });
    expect(attemptDetail(delivered)).toMatchObject({ odooCallsRetried: 1 });
    expect((await odooCalls(t)).filter((c) => c.outcome === "fault")).toHaveLength(1);

    await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "write", times: 1, message: "Invalid phone" }]);
    const bad = (await (
      await postShopify(t, "customers/update", shopifyCustomer({ updated_at: "2026-11-05T00:00:00Z" }))
    ).json()) as { eventId: string };
    const dead = await waitForStatus(t, bad.eventId, ["delivered", "dead"]);
    expect(dead.status).toBe("dead");
    expect(dead.error).toEqual({ category: "business", name: "odoo.exceptions.ValidationError", message: "Invalid phone" });
  });
});
