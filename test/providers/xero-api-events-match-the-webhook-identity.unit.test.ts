import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { xero } from "../../src/providers/xero";
import { xeroApi } from "../../src/providers/xero-api";
import { xeroContact, xeroDate } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import xeroFake from "../support/provider-fakes/xero.mjs";

describe("Xero API events and webhook events", () => {
  it("name the same entity with the same externalId and order it by the same instant", async () => {
    const tenantId = crypto.randomUUID();
    const contactId = crypto.randomUUID();
    const FAKE = `https://api.xero.com/__fake/tenants/${tenantId}`;
    const { refreshToken } = await control<{ refreshToken: string }>(xeroFake, `${FAKE}/connect`, { clientId: "app", clientSecret: "shh" });
    const updated = Date.UTC(2026, 11, 3, 17, 15, 39, 902);
    await control(xeroFake, `${FAKE}/objects`, { Contacts: [xeroContact(contactId, { UpdatedDateUTC: xeroDate(updated) })] });
    const webhook = xero.normalize(
      {
        body: new TextEncoder().encode(
          JSON.stringify({
            events: [{ resourceUrl: `https://api.xero.com/api.xro/2.0/Contacts/${contactId}`, resourceId: contactId, eventDateUtc: "2026-12-03T17:15:39.902", eventType: "UPDATE", eventCategory: "CONTACT", tenantId, tenantType: "ORGANISATION" }],
            firstEventSequence: 1,
            lastEventSequence: 1,
            entropy: "ABCDEF",
          }),
        ),
        headers: new Headers(),
        method: "POST",
        url: "https://router.test/webhooks/t/xero",
        receivedAt: 0,
      },
      { tenantId: "t", sourceId: "xero", provider: "xero", secrets: ["k"], options: {} },
    );
    if (webhook.outcome !== "events") throw new Error("expected an event");
    const thin = webhook.events[0]!.event;

    const { session } = sessionOn(xeroFake, xeroApi, { clientId: "app", clientSecret: "shh", refreshToken, tenantId });
    const hydrated = (await xeroApi.hydrate!(session, [{ kind: "customer", resource: "Contacts", externalId: thin.externalId }])).get(thin.externalId);
    if (hydrated?.status !== "found") throw new Error("expected the contact");

    expect(canonicalEventSchema.parse(hydrated.event)).toMatchObject({ kind: thin.kind, externalId: thin.externalId, version: thin.version, provider: "xero" });
  });
});
