import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { zendeskApi } from "../../src/providers/zendesk-api";
import { createTenant } from "../support/router";
import { putZendeskSource } from "../support/zendesk";
import { zendeskAccount } from "../support/crm-fakes";

it("a Zendesk OAuth2 source keeps working across expiries: its connection object stores each rotated refresh token (Zendesk deletes the previous one) and refreshes one at a time", async () => {
  const t = await createTenant();
  const account = await zendeskAccount("oauth2");
  await account.seedUsers([{ id: 42, name: "Ada Lovelace", email: "ada@example.test", active: true, updated_at: "2026-12-01T10:00:00Z" }]);
  await putZendeskSource(t, account.credentials);
  const readMany = () =>
    Promise.all(
      Array.from({ length: 3 }, async () => {
        const session = await openSession(env, null, t.tenant, "zendesk");
        return (await zendeskApi.hydrate!(session!, [{ kind: "customer", externalId: "42", resource: "user" }])).get("42")?.status;
      }),
    );

  for (let round = 0; round < 3; round++) {
    expect(await readMany()).toEqual(["found", "found", "found"]);
    await account.expireTokens();
  }

  const counters = await account.counters();
  expect(counters.refreshes).toBe(3);
  expect(counters.maxRefreshesInFlight).toBe(1);
});
