import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";

it("an OAuth connection gets its access token from HubSpot's 2026-03 token endpoint and, when HubSpot says it expired (401), refreshes once and retries", async () => {
  const portalId = uniqueId("p");
  const oauth = { clientId: uniqueId("client-"), clientSecret: "s3cret-client", refreshToken: uniqueId("rt-") };
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, ...oauth });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/companies`, {
    records: [{ id: "5", properties: { name: "Initech", hs_lastmodifieddate: "2026-12-01T10:00:00.000Z" } }],
  });
  const session = sessionOn(hubspotFake, hubspotApi, oauth);
  const read = () => hubspotApi.hydrate!(session, [{ kind: "company", externalId: "5", resource: "company" }]);

  expect((await read()).get("5")?.status).toBe("found");
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/expire-tokens`, {});
  expect((await read()).get("5")?.status).toBe("found");

  expect(session.tokens!.refreshes()).toBe(2);
  const counters = await control<{ refreshes: number; calls: number }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/counters`);
  expect(counters).toMatchObject({ refreshes: 2, calls: 3 });
});

it("a refresh token HubSpot refuses is an auth error that names neither the token nor the secret", async () => {
  const portalId = uniqueId("p");
  const oauth = { clientId: uniqueId("client-"), clientSecret: "s3cret-client", refreshToken: uniqueId("rt-") };
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, ...oauth });
  const session = sessionOn(hubspotFake, hubspotApi, { ...oauth, refreshToken: "rt-revoked-value" });

  const failure = await hubspotApi.hydrate!(session, [{ kind: "company", externalId: "5", resource: "company" }]).catch((err: unknown) => err);

  expect(failure).toMatchObject({ name: "ProviderApiError", category: "auth" });
  expect(String((failure as Error).message)).not.toMatch(/rt-revoked-value|s3cret-client/);
});
