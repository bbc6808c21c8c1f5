import { expect, it } from "vitest";
import { requestToken } from "../../src/providers/generic-api";
import * as fake from "../support/provider-fakes/generic-api.mjs";

const fetchFake = ((input: RequestInfo | URL, init?: RequestInit) => fake.fetch(new Request(input, init))) as typeof fetch;

async function setup(account: string) {
  await fake.fetch(
    new Request(`https://api.generic.test/__fake/${account}/setup`, {
      method: "POST",
      body: JSON.stringify({ auth: "oauth2", clientId: "cid", clientSecret: "csecret", refreshToken: "rt-0", tokenTtlSeconds: 900 }),
    }),
  );
  return { fetchUrl: `https://api.generic.test/${account}/x/{id}`, oauth2: { tokenUrl: `https://api.generic.test/${account}/oauth/token`, clientId: "cid", clientSecret: "csecret" } };
}

it("the generic OAuth2 client: a grant carries the rotated refresh token; a spent token or a wrong client is auth, never quoting a token", async () => {
  const credentials = await setup(`unit-${Date.now()}`);
  const grant = await requestToken(fetchFake, credentials, "rt-0");
  expect(grant).toEqual({ accessToken: expect.stringMatching(/^at-/), expiresInSeconds: 900, refreshToken: expect.stringMatching(/^rt-/) });

  // The spent token again (single use): invalid_grant, an auth failure an admin must fix.
  const spent = await requestToken(fetchFake, credentials, "rt-0").catch((err: unknown) => err);
  expect(spent).toMatchObject({ category: "auth", status: 400, message: expect.stringContaining("invalid_grant") });
  expect((spent as Error).message).not.toContain("rt-0");

  const wrongClient = await requestToken(fetchFake, { ...credentials, oauth2: { ...credentials.oauth2, clientSecret: "nope" } }, grant.refreshToken).catch((err: unknown) => err);
  expect(wrongClient).toMatchObject({ category: "auth", status: 401, message: expect.stringContaining("invalid_client") });
  expect((wrongClient as Error).message).not.toContain("nope");
});
