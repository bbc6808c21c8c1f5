import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";

it("the HubSpot fake is as strict as HubSpot: a sixth search within a second (no gate here) is a 429 SECONDLY with Retry-After, a transient error", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });
  const window = { since: 0, until: Date.now(), cursor: null };

  const outcomes = await Promise.all(Array.from({ length: 6 }, () => hubspotApi.listChanges!(session, window, ["customer"]).then(() => "ok", (err: unknown) => err)));

  expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);
  expect(outcomes.find((o) => o !== "ok")).toMatchObject({ name: "ProviderApiError", category: "transient", status: 429, retryAfterSeconds: 1 });
  expect((await control<{ served429: number }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/counters`)).served429).toBe(1);
});
