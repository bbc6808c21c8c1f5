import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { quickbooks } from "../../src/providers/quickbooks";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { qboCustomer, uniqueRealm } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import quickbooksFake from "../support/provider-fakes/quickbooks.mjs";

const FAKE = "https://quickbooks.api.intuit.com/__fake/realms";

describe("QuickBooks API events and webhook events", () => {
  it("name the same entity with the same externalId and order it by the same instant", async () => {
    const realmId = uniqueRealm();
    const { refreshToken } = await control<{ refreshToken: string }>(quickbooksFake, `${FAKE}/${realmId}/connect`, { clientId: "app", clientSecret: "shh" });
    const lastUpdated = "2026-12-03T09:15:27-08:00";
    await control(quickbooksFake, `${FAKE}/${realmId}/objects`, { Customer: [qboCustomer("58", { MetaData: { LastUpdatedTime: lastUpdated } })] });
    const webhook = quickbooks.normalize(
      {
        body: new TextEncoder().encode(JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name: "Customer", id: "58", operation: "Update", lastUpdated }] } }] })),
        headers: new Headers(),
        method: "POST",
        url: "https://router.test/webhooks/t/qbo",
        receivedAt: 0,
      },
      { tenantId: "t", sourceId: "qbo", provider: "quickbooks", secrets: ["v"], options: {} },
    );
    if (webhook.outcome !== "events") throw new Error("expected an event");
    const thin = webhook.events[0]!.event;

    const { session } = sessionOn(quickbooksFake, quickbooksApi, { clientId: "app", clientSecret: "shh", refreshToken, realmId });
    const hydrated = (await quickbooksApi.hydrate!(session, [{ kind: "customer", resource: "Customer", externalId: thin.externalId }])).get(thin.externalId);
    if (hydrated?.status !== "found") throw new Error("expected the customer");

    expect(canonicalEventSchema.parse(hydrated.event)).toMatchObject({ kind: thin.kind, externalId: thin.externalId, version: thin.version, provider: "quickbooks" });
  });
});
