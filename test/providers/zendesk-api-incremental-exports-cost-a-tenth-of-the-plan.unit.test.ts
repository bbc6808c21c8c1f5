import { expect, it } from "vitest";
import { createApiSession, type RateGate } from "../../src/connections/api-session";
import { zendeskApi } from "../../src/providers/zendesk-api";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";
import { control, fetchVia, uniqueId } from "../support/api-session-on-fake";

it("the connection's bucket is its plan's requests per minute, and an incremental export call costs a tenth of it (Zendesk allows 10 export calls a minute), show_many one", async () => {
  const subdomain = uniqueId("acme");
  const accessToken = uniqueId("zd-");
  await control(zendeskFake, `https://${subdomain}.zendesk.com/__fake/account`, { accessToken });
  const costs: number[] = [];
  const gate: RateGate = {
    async acquire(cost) {
      costs.push(cost);
      return { async release() {} };
    },
  };
  const credentials = { subdomain, accessToken, requestsPerMinute: 700 };
  const session = createApiSession({ api: zendeskApi, credentials, gate, fetch: fetchVia(zendeskFake) });

  await zendeskApi.listChanges!(session, { since: Date.parse("2026-12-01T00:00:00Z"), until: Date.parse("2026-12-01T01:00:00Z"), cursor: null }, ["customer"]);
  await zendeskApi.hydrate!(session, [{ kind: "customer", externalId: "1", resource: "user" }]);

  expect(zendeskApi.limitsOf!(credentials)).toEqual({ costBucket: { size: 700, restorePerSecond: 700 / 60 } });
  expect(zendeskApi.limitsOf!({ subdomain, accessToken })).toEqual({ costBucket: { size: 200, restorePerSecond: 200 / 60 } });
  expect(costs).toEqual([70, 1]);
});
