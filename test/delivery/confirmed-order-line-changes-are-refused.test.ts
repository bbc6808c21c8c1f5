import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("an update changing a confirmed order's lines is dead with a clear reason; one that does not is delivered", async () => {
  const t = await createTenant();
  const send = async (overrides: Record<string, unknown>) => {
    const { eventId } = (await (await postShopify(t, "orders/updated", shopifyOrder(overrides))).json()) as { eventId: string };
    return waitForStatus(t, eventId, ["delivered", "dead"]);
  };
  expect((await send({ financial_status: "paid" })).status).toBe("delivered"); // paid: confirmed in Odoo

  const sameLines = await send({ note: "gift wrap", updated_at: "2026-11-20T11:00:00-05:00" });
  expect(sameLines.status).toBe("delivered");

  const base = shopifyOrder();
  const changed = await send({
    updated_at: "2026-11-20T12:00:00-05:00",
    line_items: [{ ...(base.line_items[0] as object), quantity: 5 }],
  });
  expect(changed.status).toBe("dead");
  expect(changed.error?.message).toMatch(/order #1001 is confirmed in Odoo.*lines changed/);
  const lines = await odooSearchRead<{ product_uom_qty: number }>(t, "sale.order.line", ["product_uom_qty"]);
  expect(lines.map((l) => l.product_uom_qty)).toEqual([2, 1]);
});
