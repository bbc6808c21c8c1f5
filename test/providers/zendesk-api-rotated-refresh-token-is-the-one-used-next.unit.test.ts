import { expect, it } from "vitest";
import { zendeskApi } from "../../src/providers/zendesk-api";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";
import { control, fetchVia, sessionOn, uniqueId } from "../support/api-session-on-fake";

const read = (session: Parameters<NonNullable<typeof zendeskApi.hydrate>>[0]) => zendeskApi.hydrate!(session, [{ kind: "customer", externalId: "7", resource: "user" }]);

it("a Zendesk OAuth connection refreshes when its access token expired and uses the rotated refresh token next time (the previous one is deleted by Zendesk)", async () => {
  const subdomain = uniqueId("acme");
  const host = `https://${subdomain}.zendesk.com`;
  const credentials = { subdomain, clientId: "router", clientSecret: "zd-client-secret", refreshToken: uniqueId("rt") };
  await control(zendeskFake, `${host}/__fake/account`, { clientId: "router", clientSecret: "zd-client-secret", refreshToken: credentials.refreshToken });
  await control(zendeskFake, `${host}/__fake/users`, { users: [{ id: 7, name: "Ada", email: "ada@acme.test", active: true, updated_at: "2026-12-01T10:00:00Z" }] });
  const session = sessionOn(zendeskFake, zendeskApi, credentials);

  expect((await read(session)).get("7")?.status).toBe("found");
  await control(zendeskFake, `${host}/__fake/expire-tokens`, {});
  expect((await read(session)).get("7")?.status).toBe("found");
  expect(session.tokens!.refreshes()).toBe(2);

  // The configured (first) refresh token was single-use: Zendesk refuses it now.
  const auth = zendeskApi.auth as Extract<typeof zendeskApi.auth, { kind: "oauth2" }>;
  const reused = await auth.refresh(fetchVia(zendeskFake), credentials, credentials.refreshToken).catch((err: unknown) => err);
  expect(reused).toMatchObject({ name: "ProviderApiError", category: "auth" });
  expect((reused as Error).message).toContain("invalid_grant");
  expect((reused as Error).message).not.toMatch(new RegExp(`${credentials.refreshToken}|zd-client-secret`));
});
