/**
 * Stripe has no batch read, so hydration reads one object per call: an answer that is not the
 * object (HTML, another id) fails that object only, the others of the batch stand; a hydrated
 * object is never older than the thin event that asked for it.
 */
import { describe, expect, it } from "vitest";
import { stripeApi } from "../../src/providers/stripe-api";
import { newStripeKey, stripeFake, stripeSession } from "../support/stripe-api";

describe("Stripe hydration of a batch", () => {
  it("fails only the object whose answer is broken", async () => {
    const key = newStripeKey();
    await stripeFake(key, "objects", { id: "cus_2", object: "customer", email: "b@example.com", name: "B" });
    await stripeFake(key, "faults", { status: 200, body: "<html><body>Maintenance</body></html>" });
    const later = Date.now() + 3_600_000;
    const hydrated = await stripeApi.hydrate!(stripeSession(key), [
      { kind: "customer", externalId: "cus_1", resource: "customer" },
      { kind: "customer", externalId: "cus_2", resource: "customer", version: later },
    ]);
    expect(hydrated.get("cus_1")).toMatchObject({ status: "failed", error: { category: "data" } });
    const found = hydrated.get("cus_2");
    expect(found?.status).toBe("found");
    if (found?.status === "found") expect(found.event.version).toBe(later);
  });
});
