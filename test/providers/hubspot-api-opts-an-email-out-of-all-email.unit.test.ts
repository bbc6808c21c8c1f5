// The consent write of the HubSpot client against the HubSpot fake: the communication preferences
// "unsubscribe from all" status of an address, read and set (2026-03 API, channel EMAIL).
import { describe, expect, it } from "vitest";
import { hubspotApi, hubspotEmailOptOut, hubspotUnsubscribeAll } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

describe("HubSpot client: opt-out of all email", () => {
  it("reads an address as not opted out, opts it out once, and reads it back", async () => {
    const portalId = uniqueId("p");
    const accessToken = `pat-${portalId}`;
    await control(hubspotFake, "https://api.hubapi.com/__fake/portals", { portalId, accessToken });
    const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

    expect(await hubspotEmailOptOut(session, "Ann@Example.test")).toEqual({ optedOut: false, at: null });
    await hubspotUnsubscribeAll(session, "ann@example.test");
    const first = await hubspotEmailOptOut(session, "ann@example.test");
    expect(first.optedOut).toBe(true);
    // A replay keeps the first opt-out.
    await hubspotUnsubscribeAll(session, "ann@example.test");
    expect(await hubspotEmailOptOut(session, "ann@example.test")).toEqual(first);
    const bad = await hubspotUnsubscribeAll(session, "not-an-address").catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: "ProviderApiError", status: 400 });
  });
});
