import { expect, it } from "vitest";
import { createTenant, odooRecords, waitForStatus } from "../support/router";
import { squareOrder } from "../support/square-orders";
import { orderUpdatedWebhook, postSquare, putSquareSource, squareFakeCounters } from "../support/square-source";

const IDS = ["SQTOGETHER1", "SQTOGETHER2", "SQTOGETHER3", "SQTOGETHER4"];

it("thin Square orders posted together, sharing one customer, are all read and written as sale orders", async () => {
  const t = await createTenant();
  const token = await putSquareSource(t, "square", { locations: [{ id: "FPYCBCHYMXFK1" }], orders: IDS.map((id) => squareOrder({ id, reference_id: id })) });
  const replies = await Promise.all(IDS.map((id) => postSquare(t, "square", orderUpdatedWebhook(id, 1))));
  const eventIds = await Promise.all(replies.map(async (r) => ((await r.json()) as { eventId: string }).eventId));
  for (const eventId of eventIds) expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");

  const orders = await odooRecords<{ client_order_ref: string }>(t, "sale.order");
  expect(orders.map((o) => o.client_order_ref).sort()).toEqual(IDS);
  // Read in batches (how the queue grouped them varies); a retried write reads its order again.
  const retrieved = (await squareFakeCounters(token)).batchRetrieveIds;
  expect(retrieved.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(IDS.length);
  expect((await squareFakeCounters(token)).rateLimited).toBe(0);
});
