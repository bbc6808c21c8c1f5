/**
 * The HubSpot and Zendesk fakes (test/support/provider-fakes/*.mjs) from workers tests: their
 * control endpoints are called with the test's own fetch, which the outbound service hands to the
 * fakes worker (the fakes' state lives there, not in the test's isolate).
 */
import { uniqueId } from "./shopify";

async function fakeCall<T = unknown>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`fake control ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface FakeCounters {
  calls: number;
  maxConcurrent: number;
  refreshes: number;
  maxRefreshesInFlight: number;
  served429: number;
  byPath: Record<string, number>;
}

/** A fresh HubSpot portal: OAuth2 (client + refresh token) unless `static` asks for a private app token. */
export async function hubspotPortal(kind: "oauth2" | "static" = "oauth2", extra: Record<string, unknown> = {}) {
  const portalId = uniqueId("portal");
  const credentials =
    kind === "static" ? { accessToken: `pat-${uniqueId("t")}` } : { clientId: uniqueId("client"), clientSecret: `cs-${uniqueId("s")}`, refreshToken: `rt-${uniqueId("r")}` };
  await fakeCall("https://api.hubapi.com/__fake/portals", { portalId, ...credentials, ...extra });
  const base = `https://api.hubapi.com/__fake/portals/${portalId}`;
  return {
    portalId,
    credentials,
    seed: (type: "contacts" | "companies", records: unknown[]) => fakeCall(`${base}/objects/${type}`, { records }),
    expireTokens: () => fakeCall(`${base}/expire-tokens`, {}),
    fault: (fault: Record<string, unknown>) => fakeCall(`${base}/faults`, fault),
    counters: () => fakeCall<FakeCounters>(`${base}/counters`),
  };
}

/** A fresh Zendesk account (its own subdomain): an API token connection, or OAuth2 with a (rotating) refresh token. */
export async function zendeskAccount(kind: "apiToken" | "oauth2" = "apiToken", extra: Record<string, unknown> = {}) {
  const subdomain = uniqueId("zd");
  const secrets =
    kind === "apiToken" ? { email: "integration@example.test", apiToken: uniqueId("tok") } : { clientId: uniqueId("client"), clientSecret: `cs-${uniqueId("s")}`, refreshToken: `rt-${uniqueId("r")}` };
  const base = `https://${subdomain}.zendesk.com/__fake`;
  await fakeCall(`${base}/account`, { ...secrets, ...extra });
  return {
    subdomain,
    credentials: { subdomain, ...secrets },
    seedUsers: (users: unknown[]) => fakeCall(`${base}/users`, { users }),
    expireTokens: () => fakeCall(`${base}/expire-tokens`, {}),
    counters: () => fakeCall<FakeCounters>(`${base}/counters`),
  };
}
