/**
 * QuickBooks and Xero rotate the refresh token on every refresh and refuse a used one: the client
 * refreshes once when the access token expired, sends the rotated token next time, and a reused
 * token is an `auth` error (the source's events wait for an admin), never a crash or a retry loop.
 */
import { describe, expect, it } from "vitest";
import { ProviderApiError, type ProviderApi, type ThinRef } from "../../src/providers/provider-api";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { xeroApi } from "../../src/providers/xero-api";
import { qboCustomer, uniqueRealm, xeroContact } from "../support/accounting-objects";
import { control, fetchOf, sessionOn } from "../support/provider-api-session";
import type { ProviderFake } from "../support/provider-fakes/provider-fake";
import quickbooksFake from "../support/provider-fakes/quickbooks.mjs";
import xeroFake from "../support/provider-fakes/xero.mjs";

interface Case {
  name: string;
  fake: ProviderFake;
  api: ProviderApi;
  setup(): Promise<{ control: string; credentials: Record<string, unknown>; ref: ThinRef }>;
}

const CASES: Case[] = [
  {
    name: "QuickBooks",
    fake: quickbooksFake,
    api: quickbooksApi,
    async setup() {
      const realmId = uniqueRealm();
      const base = `https://quickbooks.api.intuit.com/__fake/realms/${realmId}`;
      const { refreshToken } = await control<{ refreshToken: string }>(quickbooksFake, `${base}/connect`, { clientId: "app", clientSecret: "shh" });
      await control(quickbooksFake, `${base}/objects`, { Customer: [qboCustomer("1")] });
      return { control: base, credentials: { clientId: "app", clientSecret: "shh", refreshToken, realmId }, ref: { kind: "customer", resource: "Customer", externalId: `${realmId}:1` } };
    },
  },
  {
    name: "Xero",
    fake: xeroFake,
    api: xeroApi,
    async setup() {
      const tenantId = crypto.randomUUID();
      const contactId = crypto.randomUUID();
      const base = `https://api.xero.com/__fake/tenants/${tenantId}`;
      const { refreshToken } = await control<{ refreshToken: string }>(xeroFake, `${base}/connect`, { clientId: "app", clientSecret: "shh" });
      await control(xeroFake, `${base}/objects`, { Contacts: [xeroContact(contactId)] });
      return { control: base, credentials: { clientId: "app", clientSecret: "shh", refreshToken, tenantId }, ref: { kind: "customer", resource: "Contacts", externalId: contactId } };
    },
  },
];

describe.each(CASES)("$name OAuth2", ({ fake, api, setup }) => {
  it("refreshes once when the access token expired and keeps the rotated refresh token", async () => {
    const { control: base, credentials, ref } = await setup();
    const { session, tokens } = sessionOn(fake, api, credentials);
    await api.hydrate!(session, [ref]);
    const first = tokens.refreshToken;
    expect(first).not.toBe(credentials.refreshToken);

    await control(fake, `${base}/expire-access-tokens`, {});
    const again = await api.hydrate!(session, [ref]);

    expect(again.get(ref.externalId)?.status).toBe("found");
    expect(tokens.refreshes).toBe(2);
    expect(tokens.refreshToken).not.toBe(first);
    const counters = await control<{ refreshes: number; unauthorized: number; invalidGrants: number }>(fake, `${base}/counters`);
    expect(counters).toMatchObject({ refreshes: 2, unauthorized: 1, invalidGrants: 0 });
  });

  it("refuses a refresh token used before with an auth error that names no secret", async () => {
    const { credentials } = await setup();
    const refreshToken = credentials.refreshToken as string;
    if (api.auth.kind !== "oauth2") throw new Error("OAuth2 expected");
    await api.auth.refresh(fetchOf(fake), credentials, refreshToken);

    const reused = await api.auth.refresh(fetchOf(fake), credentials, refreshToken).catch((err: unknown) => err);

    expect(reused).toBeInstanceOf(ProviderApiError);
    expect(reused).toMatchObject({ category: "auth", status: 400 });
    expect((reused as Error).message).toContain("invalid_grant");
    expect((reused as Error).message).not.toContain(refreshToken);
    expect((reused as Error).message).not.toContain("shh");
  });
});
