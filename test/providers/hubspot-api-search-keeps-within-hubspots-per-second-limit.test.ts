import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { createTenant } from "../support/router";
import { putHubSpotSource } from "../support/hubspot";
import { hubspotPortal } from "../support/crm-fakes";

it("twelve CRM searches at once through a source's connection are spread by its gate within HubSpot's 5 searches a second: the fake serves no 429", async () => {
  const t = await createTenant();
  const portal = await hubspotPortal("static");
  await putHubSpotSource(t, portal.credentials);
  const window = { since: Date.parse("2026-12-01T00:00:00Z"), until: Date.parse("2026-12-02T00:00:00Z"), cursor: null };

  const pages = await Promise.all(
    Array.from({ length: 12 }, async () => {
      const session = await openSession(env, null, t.tenant, "hubspot");
      return hubspotApi.listChanges!(session!, window, ["customer"]);
    }),
  );

  expect(pages).toEqual(Array(12).fill({ events: [], cursor: null }));
  const counters = await portal.counters();
  expect(counters.byPath["/crm/v3/objects/contacts/search"]).toBe(12);
  expect(counters.served429).toBe(0);
});
