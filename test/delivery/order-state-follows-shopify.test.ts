import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("an unpaid order stays a quotation, orders/paid confirms it, orders/cancelled cancels it", async () => {
  const t = await createTenant();
  const state = async () => (await odooSearchRead<{ state: string }>(t, "sale.order", ["state"]))[0]?.state;
  const send = async (topic: string, overrides: Record<string, unknown>) => {
    const { eventId } = (await (await postShopify(t, topic, shopifyOrder(overrides))).json()) as { eventId: string };
    return waitForStatus(t, eventId, ["delivered", "dead", "stale"]);
  };

  expect((await send("orders/create", { financial_status: "pending" })).status).toBe("delivered");
  expect(await state()).toBe("draft");

  const paid = await send("orders/paid", { financial_status: "paid", updated_at: "2026-11-20T11:00:00-05:00" });
  expect(paid.status).toBe("delivered");
  expect(paid.timeline?.find((e) => e.step === "odoo_attempt")?.detail?.transition).toBe("confirmed");
  expect(await state()).toBe("sale");

  const cancelled = await send("orders/cancelled", {
    financial_status: "refunded",
    cancelled_at: "2026-11-20T12:00:00-05:00",
    updated_at: "2026-11-20T12:00:00-05:00",
  });
  expect(cancelled.status).toBe("delivered");
  expect(await state()).toBe("cancel");
});
