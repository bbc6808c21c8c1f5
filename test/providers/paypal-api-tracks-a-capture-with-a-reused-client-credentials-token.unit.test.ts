import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { paypalAddTracker, paypalApi, paypalCapture, paypalOrderTrackers, PAYPAL_SANDBOX } from "../../src/providers/paypal-api";
import fake from "../support/provider-fakes/paypal.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

async function app() {
  const clientId = uniqueId("client");
  await control(fake, `${PAYPAL_SANDBOX}/__fake/seed`, { clientId, clientSecret: "secret", orders: [{ id: "5O190127TN364715T", captureId: "3C679366HH908993F" }] });
  const session = sessionOn(fake, paypalApi, { clientId, clientSecret: "secret", baseUrl: PAYPAL_SANDBOX });
  const counters = () => control<{ tokens: number; tracks: number; replays: number }>(fake, `${PAYPAL_SANDBOX}/__fake/counters?clientId=${clientId}`);
  return { clientId, session, counters };
}

const tracker = { captureId: "3C679366HH908993F", trackingNumber: "JD0001", carrier: "DHL", notifyPayer: true, items: [{ name: "Mug", quantity: "2", sku: "MUG" }] };

describe("PayPal tracking through the API client", () => {
  it("finds the capture's order, adds a tracker once per request id, with one token for every call", async () => {
    const { session, counters } = await app();
    const capture = await paypalCapture(session, "3C679366HH908993F");
    expect(capture).toEqual({ id: "3C679366HH908993F", orderId: "5O190127TN364715T", status: "COMPLETED" });
    expect(await paypalOrderTrackers(session, "5O190127TN364715T")).toEqual([]);

    expect(await paypalAddTracker(session, "5O190127TN364715T", tracker, "odoo-router-t-7-JD0001")).toEqual(["JD0001"]);
    // A replay with the same PayPal-Request-Id (after a lost answer) answers the first result.
    expect(await paypalAddTracker(session, "5O190127TN364715T", tracker, "odoo-router-t-7-JD0001")).toEqual(["JD0001"]);
    expect(await paypalOrderTrackers(session, "5O190127TN364715T")).toEqual(["JD0001"]);
    expect(await counters()).toMatchObject({ tokens: 1, tracks: 1, replays: 1 });
  });

  it("an expired token is requested again once", async () => {
    const { clientId, session, counters } = await app();
    await paypalOrderTrackers(session, "5O190127TN364715T");
    await control(fake, `${PAYPAL_SANDBOX}/__fake/expire`, { clientId });
    expect(await paypalOrderTrackers(session, "5O190127TN364715T")).toEqual([]);
    expect((await counters()).tokens).toBe(2);
  });

  it("a business refusal is a data error naming PayPal's issue and debug_id; an unknown capture is null", async () => {
    const { session } = await app();
    const refused = await paypalAddTracker(session, "5O190127TN364715T", { ...tracker, carrier: "OTHER" }, "r-2").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderApiError);
    expect((refused as ProviderApiError).category).toBe("data");
    expect((refused as ProviderApiError).message).toMatch(/422 UNPROCESSABLE_ENTITY \(CARRIER_NAME_OTHER_REQUIRED\) debug_id f/);
    expect(await paypalCapture(session, "NO-SUCH-CAPTURE")).toBeNull();
  });

  it("wrong client credentials are an auth error", async () => {
    const { clientId } = await app();
    const session = sessionOn(fake, paypalApi, { clientId, clientSecret: "wrong", baseUrl: PAYPAL_SANDBOX });
    await expect(paypalOrderTrackers(session, "5O190127TN364715T")).rejects.toMatchObject({ category: "auth" });
  });
});
