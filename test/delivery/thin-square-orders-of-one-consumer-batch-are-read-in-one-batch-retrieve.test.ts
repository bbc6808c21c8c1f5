import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { EventIdentity } from "../../src/audit/audit-message";
import { HydrationLoader } from "../../src/delivery/hydration";
import type { CanonicalEvent } from "../../src/events/canonical";
import { createTenant } from "../support/router";
import { squareOrder } from "../support/square-orders";
import { putSquareSource, squareFakeCounters } from "../support/square-source";

const IDS = ["SQBATCH1", "SQBATCH2", "SQBATCH3", "SQBATCH4"];

it("the thin Square orders of one consumer batch are read with one orders/batch-retrieve call", async () => {
  const t = await createTenant();
  const token = await putSquareSource(t, "square", { locations: [{ id: "FPYCBCHYMXFK1" }], orders: IDS.map((id) => squareOrder({ id, reference_id: id })) });

  // What the write consumer does for one queue batch: one loader, every claimed thin event handed to it.
  const loader = new HydrationLoader(env);
  const thin = (id: string): [EventIdentity, CanonicalEvent] => [
    { id: `e-${id}`, tenantId: t.tenant, sourceId: "square", provider: "square", topic: "order.updated", type: "order.updated", kind: "order", externalId: id, deliveryId: id, version: 1, receivedAt: Date.now(), duplicateOf: null } as EventIdentity,
    { schema: "router.event/v1", provider: "square", topic: "order.updated", type: "order.updated", kind: "order", externalId: id, version: 1, occurredAt: "2026-11-20T12:00:00.000Z", action: "upsert", completeness: "full", data: { thin: true, operation: "updated", resource: "order_updated" } },
  ];
  const results = await Promise.all(IDS.map((id) => loader.load(undefined, ...thin(id))));

  expect(results.map((r) => r.status)).toEqual(["found", "found", "found", "found"]);
  expect(results.map((r) => (r.status === "found" ? r.event.externalId : null))).toEqual(IDS);
  expect((await squareFakeCounters(token)).batchRetrieveIds).toEqual([4]);
});

