import { expect, it } from "vitest";
import { salesforceApi } from "../../src/providers/salesforce-api";
import salesforceFake from "../support/provider-fakes/salesforce.mjs";
import { control, fetchVia, sessionOn, uniqueId } from "../support/api-session-on-fake";

const window = { since: Date.parse("2026-12-01T10:00:00Z"), until: Date.parse("2026-12-01T11:00:00Z"), cursor: null };

async function org(extra: Record<string, unknown> = {}) {
  const host = `${uniqueId("acme")}.my.salesforce.com`;
  const oauth = { clientId: uniqueId("3MVG"), clientSecret: "sf-client-secret", refreshToken: uniqueId("5Aep") };
  await control(salesforceFake, `https://${host}/__fake/org`, { ...oauth, ...extra });
  return { host, credentials: { instanceUrl: `https://${host}`, ...oauth } };
}

it("an expired session (401 INVALID_SESSION_ID) is refreshed once at the login host and the query retried", async () => {
  const { host, credentials } = await org();
  const session = sessionOn(salesforceFake, salesforceApi, credentials);
  await salesforceApi.listChanges!(session, window, ["company"]);
  await control(salesforceFake, `https://${host}/__fake/expire-tokens`, {});

  const page = await salesforceApi.listChanges!(session, window, ["company"]);

  expect(page).toEqual({ events: [], cursor: null });
  expect(session.tokens!.refreshes()).toBe(2);
});

it("the org's exhausted daily allocation (403 REQUEST_LIMIT_EXCEEDED) is a transient error to retry later, not a missing permission", async () => {
  const { credentials } = await org({ dailyLimit: 100, used: 100 });
  const session = sessionOn(salesforceFake, salesforceApi, credentials);

  const failure = await salesforceApi.listChanges!(session, window, ["company"]).catch((err: unknown) => err);

  expect(failure).toMatchObject({ name: "ProviderApiError", category: "transient", status: 403 });
  expect((failure as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  expect((failure as Error).message).toContain("REQUEST_LIMIT_EXCEEDED");
});

it("Sforce-Limit-Info is read as what is left of the daily allocation", () => {
  const signal = salesforceApi.rateSignal!({ status: 200, headers: new Headers({ "sforce-limit-info": "api-usage=14000/15000" }), json: {} });
  expect(signal).toEqual({ bucket: { available: 1000, size: 15000, restorePerSecond: 15000 / 86400 } });
  // A refusal for the exhausted allocation holds the connection's next calls too.
  const refused = salesforceApi.rateSignal!({ status: 403, headers: new Headers({ "sforce-limit-info": "api-usage=15000/15000" }), json: [{ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "TotalRequests Limit exceeded." }] });
  expect(refused).toMatchObject({ bucket: { available: 0 }, retryAfterSeconds: expect.any(Number) });
});

it("a refused refresh token is an auth error naming neither it nor the client secret; a token issued for another instance is a config error", async () => {
  const { credentials } = await org();
  const auth = salesforceApi.auth as Extract<typeof salesforceApi.auth, { kind: "oauth2" }>;

  const refused = await auth.refresh(fetchVia(salesforceFake), credentials, "5Aep-revoked").catch((err: unknown) => err);
  expect(refused).toMatchObject({ name: "ProviderApiError", category: "auth" });
  expect((refused as Error).message).toContain("invalid_grant");
  expect((refused as Error).message).not.toMatch(/5Aep-revoked|sf-client-secret/);

  const elsewhere = await auth.refresh(fetchVia(salesforceFake), { ...credentials, instanceUrl: "https://other.my.salesforce.com" }, null).catch((err: unknown) => err);
  expect(elsewhere).toMatchObject({ name: "ProviderApiError", category: "config" });
});
