import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";

it("a contact read for a thin event takes the event's version when HubSpot stamped its last modification earlier, and keeps its own when later", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  const modified = Date.parse("2026-12-01T10:00:00.000Z");
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/contacts`, {
    records: [
      { id: "1", properties: { email: "a@example.test", lastmodifieddate: new Date(modified).toISOString() } },
      { id: "2", properties: { email: "b@example.test", lastmodifieddate: new Date(modified).toISOString() } },
    ],
  });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

  const hydrated = await hubspotApi.hydrate!(session, [
    { kind: "customer", externalId: "1", resource: "contact", version: modified + 7 },
    { kind: "customer", externalId: "2", resource: "contact", version: modified - 5000 },
  ]);

  expect(hydrated.get("1")).toMatchObject({ status: "found", event: { version: modified + 7, occurredAt: new Date(modified + 7).toISOString() } });
  expect(hydrated.get("2")).toMatchObject({ status: "found", event: { version: modified } });
});
