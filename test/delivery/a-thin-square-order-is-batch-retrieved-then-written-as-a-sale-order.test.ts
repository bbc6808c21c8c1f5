import { expect, it } from "vitest";
import { attemptDetail, createTenant, odooRecords, waitForStatus } from "../support/router";
import { orderUpdatedWebhook, postSquare, putSquareSource, squareFakeCounters } from "../support/square-source";
import { squareOrder } from "../support/square-orders";

it("a thin Square order.updated is read with orders/batch-retrieve, then written as a sale.order with the fetched version", async () => {
  const t = await createTenant();
  const order = squareOrder({ id: "SQORDER0001", version: 4 });
  const token = await putSquareSource(t, "square", { locations: [{ id: "FPYCBCHYMXFK1" }], orders: [order] });

  // The webhook is of version 3; Square has version 4 by now.
  const reply = await postSquare(t, "square", orderUpdatedWebhook("SQORDER0001", 3));
  expect(reply.status).toBe(202);
  const { eventId } = (await reply.json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event.status, JSON.stringify(event.error)).toBe("delivered");
  expect(attemptDetail(event)).toMatchObject({ hydrated: { version: 4, thinVersion: 3 } });

  const orders = await odooRecords<{ client_order_ref: string; origin: string; state: string }>(t, "sale.order");
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ client_order_ref: "WEB-1001", origin: expect.stringContaining("SQORDER0001") });
  // Paid in full (tendered, nothing due): the quotation is confirmed.
  expect(orders[0]!.state).toBe("sale");
  const lines = await odooRecords<{ name: string; product_uom_qty: number }>(t, "sale.order.line");
  expect(lines).toEqual([expect.objectContaining({ product_uom_qty: 2 })]);
  const counters = await squareFakeCounters(token);
  expect(counters.batchRetrieveIds).toEqual([1]);
  expect(counters.rateLimited).toBe(0);
});

