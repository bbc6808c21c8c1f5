import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { createTenant } from "../support/router";
import { putHubSpotSource } from "../support/hubspot";
import { hubspotPortal } from "../support/crm-fakes";

const at = "2026-12-01T10:00:00.000Z";

it("a HubSpot source's OAuth2 connection reads contacts through its connection object: one refresh at a time, again only when HubSpot says the token expired", async () => {
  const t = await createTenant();
  const portal = await hubspotPortal("oauth2");
  await portal.seed("contacts", [{ id: "801", properties: { email: "jane@example.test", firstname: "Jane", lastmodifieddate: at } }]);
  await putHubSpotSource(t, portal.credentials);

  const readMany = () =>
    Promise.all(
      Array.from({ length: 4 }, async () => {
        const session = await openSession(env, null, t.tenant, "hubspot");
        return (await hubspotApi.hydrate!(session!, [{ kind: "customer", externalId: "801", resource: "contact" }])).get("801")?.status;
      }),
    );

  expect(await readMany()).toEqual(["found", "found", "found", "found"]);
  await portal.expireTokens();
  expect(await readMany()).toEqual(["found", "found", "found", "found"]);

  const counters = await portal.counters();
  expect(counters.refreshes).toBe(2);
  expect(counters.maxRefreshesInFlight).toBe(1);
});

it("a private app token is sent as it is (no token endpoint call)", async () => {
  const t = await createTenant();
  const portal = await hubspotPortal("static");
  await portal.seed("companies", [{ id: "9", properties: { name: "Acme", hs_lastmodifieddate: at } }]);
  await putHubSpotSource(t, portal.credentials);

  const session = await openSession(env, null, t.tenant, "hubspot");
  const hydrated = await hubspotApi.hydrate!(session!, [{ kind: "company", externalId: "9", resource: "company" }]);

  expect(hydrated.get("9")).toMatchObject({ status: "found", event: { kind: "company", data: { name: "Acme" } } });
  expect((await portal.counters()).refreshes).toBe(0);
});
