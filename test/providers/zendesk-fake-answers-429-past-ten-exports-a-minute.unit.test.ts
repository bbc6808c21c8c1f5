import { expect, it } from "vitest";
import { zendeskApi } from "../../src/providers/zendesk-api";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

it("the Zendesk fake is as strict as Zendesk: an eleventh incremental export call within a minute (no gate here) is a 429 with Retry-After, a transient error", async () => {
  const subdomain = uniqueId("acme");
  const accessToken = uniqueId("zd-");
  await control(zendeskFake, `https://${subdomain}.zendesk.com/__fake/account`, { accessToken });
  const session = sessionOn(zendeskFake, zendeskApi, { subdomain, accessToken });
  const window = { since: Date.parse("2026-12-01T00:00:00Z"), until: Date.parse("2026-12-01T01:00:00Z"), cursor: null };

  for (let i = 0; i < 10; i++) await zendeskApi.listChanges!(session, window, ["customer"]);
  const eleventh = await zendeskApi.listChanges!(session, window, ["customer"]).catch((err: unknown) => err);

  expect(eleventh).toMatchObject({ name: "ProviderApiError", category: "transient", status: 429 });
  expect((eleventh as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
});
