import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";

it("a contact HubSpot archived, one it never had and one merged into another are 'deleted' (HubSpot's 207 OBJECT_NOT_FOUND and the survivor's merged ids), the others found", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  const at = "2026-12-01T10:00:00.000Z";
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/contacts`, {
    records: [
      { id: "11", properties: { email: "kept@example.test", lastmodifieddate: at } },
      { id: "12", properties: { email: "gone@example.test", lastmodifieddate: at }, archived: true },
      { id: "14", properties: { email: "survivor@example.test", hs_merged_object_ids: "13", lastmodifieddate: at } },
      { id: "13", properties: { email: "merged@example.test", lastmodifieddate: at }, mergedInto: "14" },
    ],
  });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

  const hydrated = await hubspotApi.hydrate!(session, ["11", "12", "13", "99"].map((externalId) => ({ kind: "customer" as const, externalId, resource: "contact" })));

  expect(hydrated.get("11")?.status).toBe("found");
  expect(hydrated.get("12")).toEqual({ status: "deleted" });
  expect(hydrated.get("13")).toEqual({ status: "deleted" });
  expect(hydrated.get("99")).toEqual({ status: "deleted" });
  expect(hydrated.size).toBe(4);
});
