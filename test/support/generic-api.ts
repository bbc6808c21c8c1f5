/**
 * A Standard Webhooks source whose customer webhooks are thin (`thin: true`) and read back from
 * the generic API fake (test/support/provider-fakes/generic-api.mjs, host api.generic.test), one
 * fake account per test: the plumbing of provider API connections tested end to end.
 */
import { uniqueId } from "./shopify";
import { ADMIN_TOKEN, call, type TestTenant } from "./router";
import { standardWebhooksHeaders } from "./signing";

export const FAKE_HOST = "https://api.generic.test";
export const WHSEC = `whsec_${btoa("generic-api-test-signing-key-32b")}`;

export interface FakeAccount {
  account: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface FakeSetup {
  auth?: "oauth2" | "bearer" | "none";
  staticToken?: string;
  tokenTtlSeconds?: number;
  limit?: { count: number; perSeconds: number };
  delayMs?: number;
  tokenDelayMs?: number;
  objects?: Record<string, unknown>;
}

/** A fresh fake account (OAuth2 unless told otherwise), its client and first refresh token. */
export async function fakeAccount(setup: FakeSetup = {}): Promise<FakeAccount> {
  const account: FakeAccount = {
    account: uniqueId("acct"),
    clientId: uniqueId("client"),
    clientSecret: `cs-${uniqueId("secret")}`,
    refreshToken: `rt-initial-${uniqueId("r")}`,
  };
  await fakeControl(account, "setup", { auth: "oauth2", ...setup, clientId: account.clientId, clientSecret: account.clientSecret, refreshToken: account.refreshToken });
  return account;
}

export async function fakeControl(account: FakeAccount, action: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${FAKE_HOST}/__fake/${account.account}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`fake ${action} failed: ${response.status}`);
  return response;
}

export async function putFakeObject(account: FakeAccount, path: string, object: unknown | null): Promise<void> {
  const response = await fetch(`${FAKE_HOST}/__fake/${account.account}/objects/${path}`, {
    method: object === null ? "DELETE" : "PUT",
    headers: { "content-type": "application/json" },
    body: object === null ? undefined : JSON.stringify(object),
  });
  if (!response.ok) throw new Error(`fake object ${path}: ${response.status}`);
}

export interface FakeCounters {
  calls: number;
  served: number;
  maxInFlight: number;
  refreshes: number;
  maxRefreshesInFlight: number;
  throttled: number;
  invalidGrants: number;
  unauthorized: number;
  refreshToken: string | null;
}

export async function fakeCounters(account: FakeAccount): Promise<FakeCounters> {
  return (await fetch(`${FAKE_HOST}/__fake/${account.account}/counters`)).json();
}

/** The `api` object of a source reading customers from the account over OAuth2. */
export function oauth2Api(account: FakeAccount, extra: Record<string, unknown> = {}) {
  return {
    fetchUrl: `${FAKE_HOST}/${account.account}/customers/{id}`,
    oauth2: { tokenUrl: `${FAKE_HOST}/${account.account}/oauth/token`, clientId: account.clientId, clientSecret: account.clientSecret, refreshToken: account.refreshToken },
    ...extra,
  };
}

/** Routes of a thin customer sender: the webhook names the customer, the API has its fields. */
export const THIN_CUSTOMER_ROUTES = {
  "customer.updated": {
    kind: "customer",
    idPath: "data.id",
    versionPath: "data.version",
    thin: true,
    fetchedVersionPath: "version",
    fields: { email: "email", firstName: "first_name", lastName: "last_name" },
  },
  "customer.deleted": { kind: "customer", idPath: "data.id", versionPath: "data.version", thin: true, action: "delete", fields: { email: "email" } },
};

/** `PUT` of a Standard Webhooks source with thin customer routes and the given `api` (omitted: none). */
export function putThinSource(t: TestTenant, source: string, api?: Record<string, unknown> | null): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/sources/${source}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "standard-webhooks", secrets: [WHSEC], options: { eventTypes: THIN_CUSTOMER_ROUTES }, ...(api === undefined ? {} : { api }) }),
  });
}

/** A signed thin webhook: "<type: customer.updated> <id> changed (version v)". */
export async function postThinCustomer(t: TestTenant, source: string, id: string, version: number, type = "customer.updated"): Promise<Response> {
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data: { id, version } });
  const headers = await standardWebhooksHeaders(body, WHSEC, uniqueId("msg"), Math.floor(Date.now() / 1000));
  return call(`/webhooks/${t.tenant}/${source}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}
