import { expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe";

const versionOf = (type: string, created: number) => {
  const raw = JSON.stringify({ id: `evt_${type}`, object: "event", type, created, data: { object: { id: "obj_1" } } });
  const result = stripe.normalize(
    { body: new TextEncoder().encode(raw), headers: new Headers(), method: "POST", url: "https://router.test/", receivedAt: 0 },
    { tenantId: "acme", sourceId: "stripe", provider: "stripe", secrets: [], options: { toleranceSeconds: 300 } },
  );
  if (result.outcome !== "events") throw new Error("not routed");
  return result.events[0]!.event.version;
};

it("events of one object in the same second are ordered created < updated < deleted, and any later second wins", () => {
  const second = 1763647200;
  expect(versionOf("customer.created", second)).toBeLessThan(versionOf("customer.updated", second));
  expect(versionOf("customer.updated", second)).toBeLessThan(versionOf("customer.deleted", second));
  expect(versionOf("invoice.payment_failed", second)).toBeLessThan(versionOf("invoice.paid", second));
  expect(versionOf("customer.deleted", second)).toBeLessThan(versionOf("customer.created", second + 1));
  expect(versionOf("product.updated", second)).toBe(versionOf("product.updated", second));
});
