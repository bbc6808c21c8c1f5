import { expect, it } from "vitest";
import { createTenant, odooRecords, waitForStatus } from "../support/router";
import { orderUpdatedWebhook, postSquare, putSquareSource } from "../support/square-source";

it("a thin Square order that Square no longer returns is deleted upstream: nothing is written", async () => {
  const t = await createTenant();
  await putSquareSource(t, "square", { locations: [{ id: "FPYCBCHYMXFK1" }], orders: [] });
  const reply = await postSquare(t, "square", orderUpdatedWebhook("SQGONE", 2));
  const { eventId } = (await reply.json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["delivered", "ignored", "dead"]);
  // Absent from batch-retrieve = deleted upstream: the routing's deletes.order ("ignore" by default).
  expect(event).toMatchObject({ status: "ignored", reason: expect.stringContaining("deletes.order") });
  expect(await odooRecords(t, "sale.order")).toEqual([]);
});
