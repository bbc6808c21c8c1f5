/**
 * A first attempt creates a payment without searching for it (nothing can have made it yet). A flow
 * run again within the same delivery (an in-delivery retry after a failed call) follows a run that
 * may have reached Odoo, so it searches by the payment's memo before creating, like a queue retry.
 */
import { expect, it } from "vitest";
import type { CanonicalEvent } from "../../src/events/canonical";
import { OdooError } from "../../src/odoo/errors";
import { flowFor } from "../../src/odoo/writers";
import type { WriteContext } from "../../src/odoo/writers/context";
import { routingSchema } from "../../src/tenant/routing";

const paymentEvent = {
  schema: "router.event/v1",
  provider: "shopify",
  topic: "order_transactions/create",
  type: "payment.succeeded",
  kind: "payment",
  externalId: "389404",
  version: 1,
  occurredAt: "2026-12-07T10:00:00Z",
  data: { amount: { amount: 4110, currency: null }, status: "succeeded", order: null, invoice: null, customer: null, method: null, reference: null },
} as CanonicalEvent;

it("a payment flow run a second time in one delivery searches for the payment its first run may have made", async () => {
  const calls: string[] = [];
  let postAnswers = 0;
  const odoo = {
    calls: 0,
    probe: async () => ({ uid: 2, serverVersion: "18.0" }),
    serverVersion: async () => "18.0",
    async call<T>(model: string, method: string): Promise<T> {
      calls.push(`${model}.${method}`);
      if (method === "fields_get") return { memo: { type: "char" } } as T;
      if (method === "search") return [41] as T; // the first run's payment, committed before its answer was lost
      if (method === "read") return [{ state: "paid" }] as T;
      if (method === "create") return 41 as T;
      // The first run's action_post is committed, but its answer is lost.
      if (method === "action_post" && postAnswers++ === 0) throw new OdooError("retryable", "connection reset after commit");
      return true as T;
    },
  };
  const ctx = {
    odoo,
    mappings: { get: async () => null, put: async () => undefined },
    provider: "shopify",
    sourceId: "shop",
    lookups: new Map(),
    earlierAttempt: false,
    own: { kind: "payment", externalId: "389404" },
    routing: routingSchema.parse({}),
    extraValues: {},
    withEntity: async <T>(_kind: string, _id: string, fn: () => Promise<T>) => fn(),
  } as unknown as WriteContext;
  const route = flowFor(paymentEvent, routingSchema.parse({}));
  if (!route.flow) throw new Error(route.reason);

  await expect(route.flow(ctx)).rejects.toThrow(/connection reset/);
  expect(calls).toEqual(["account.payment.fields_get", "account.payment.create", "account.payment.action_post"]);

  calls.length = 0;
  const again = await route.flow(ctx);
  expect(again.odoo).toEqual({ model: "account.payment", id: 41 });
  expect(calls).toEqual(["account.payment.search", "account.payment.read"]);
});
