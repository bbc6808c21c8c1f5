/**
 * QuickBooks Online and Xero sources with an API connection, in the workers tests: the fake
 * company (realm) or organisation (tenant) is connected on its fake (test/support/provider-fakes/
 * quickbooks.mjs, xero.mjs, reached at the providers' real hosts), the source is PUT with its
 * verifier token / webhook key and `api`, and webhooks are signed as Intuit and Xero sign them.
 */
import { ADMIN_TOKEN, call, type TestTenant } from "./router";
import { hmacBase64 } from "./signing";
import { uniqueRealm } from "./accounting-objects";

export const QBO_FAKE = "https://quickbooks.api.intuit.com/__fake/realms";
export const XERO_FAKE = "https://api.xero.com/__fake/tenants";

async function fakeJson<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface FakeCounters {
  calls: number;
  maxConcurrent: number;
  refreshes: number;
  maxRefreshesInFlight: number;
  throttled: number;
  invalidGrants: number;
  unauthorized: number;
  requests: string[];
}

export interface QuickBooksCompany {
  realmId: string;
  api: { clientId: string; clientSecret: string; refreshToken: string; realmId: string };
  seed(objects: Record<string, unknown[]>): Promise<void>;
  counters(): Promise<FakeCounters>;
  control(action: string, body?: unknown): Promise<unknown>;
}

export async function quickbooksCompany(settings: Record<string, unknown> = {}): Promise<QuickBooksCompany> {
  const realmId = uniqueRealm();
  const base = `${QBO_FAKE}/${realmId}`;
  const clientId = `qbo-client-${realmId}`;
  const clientSecret = `qbo-secret-${crypto.randomUUID()}`;
  const { refreshToken } = await fakeJson<{ refreshToken: string }>(`${base}/connect`, { clientId, clientSecret, ...settings });
  return {
    realmId,
    api: { clientId, clientSecret, refreshToken, realmId },
    seed: async (objects) => void (await fakeJson(`${base}/objects`, objects)),
    counters: () => fakeJson<FakeCounters>(`${base}/counters`),
    control: (action, body) => fakeJson(`${base}/${action}`, body ?? {}),
  };
}

export interface XeroOrganisation {
  tenantId: string;
  api: { clientId: string; clientSecret: string; refreshToken: string; tenantId: string };
  seed(objects: Record<string, unknown[]>): Promise<void>;
  counters(): Promise<FakeCounters>;
  control(action: string, body?: unknown): Promise<unknown>;
}

export async function xeroOrganisation(settings: Record<string, unknown> = {}): Promise<XeroOrganisation> {
  const tenantId = crypto.randomUUID();
  const base = `${XERO_FAKE}/${tenantId}`;
  const clientId = `xero-client-${tenantId.slice(0, 8)}`;
  const clientSecret = `xero-secret-${crypto.randomUUID()}`;
  const { refreshToken } = await fakeJson<{ refreshToken: string }>(`${base}/connect`, { clientId, clientSecret, ...settings });
  return {
    tenantId,
    api: { clientId, clientSecret, refreshToken, tenantId },
    seed: async (objects) => void (await fakeJson(`${base}/objects`, objects)),
    counters: () => fakeJson<FakeCounters>(`${base}/counters`),
    control: (action, body) => fakeJson(`${base}/${action}`, body ?? {}),
  };
}

export const QBO_VERIFIER = "qbo-verifier-token";
export const XERO_WEBHOOK_KEY = "xero-webhook-key-AbC123==";

/** `PUT` of a source of this provider with its API connection. */
export function putAccountingSource(t: TestTenant, source: string, provider: "quickbooks" | "xero", api: Record<string, unknown>): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/sources/${source}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider, secrets: [provider === "quickbooks" ? QBO_VERIFIER : XERO_WEBHOOK_KEY], api }),
  });
}

/** A signed legacy QuickBooks notification: these entities of the realm changed at `lastUpdated`. */
export async function postQuickBooksChanges(t: TestTenant, source: string, realmId: string, entities: { name: string; id: string; operation?: string; lastUpdated: string }[]): Promise<Response> {
  const body = JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities: entities.map((e) => ({ operation: "Create", ...e })) } }] });
  return call(`/webhooks/${t.tenant}/${source}`, { method: "POST", body, headers: { "content-type": "application/json", "intuit-signature": await hmacBase64(QBO_VERIFIER, body) } });
}

/** A signed Xero webhook: these resources of the organisation changed at `eventDateUtc`. */
export async function postXeroChanges(t: TestTenant, source: string, tenantId: string, events: { category: "CONTACT" | "INVOICE"; id: string; type?: string; eventDateUtc: string }[]): Promise<Response> {
  const body = JSON.stringify({
    events: events.map((e) => ({
      resourceUrl: `https://api.xero.com/api.xro/2.0/${e.category === "CONTACT" ? "Contacts" : "Invoices"}/${e.id}`,
      resourceId: e.id,
      eventDateUtc: e.eventDateUtc,
      eventType: e.type ?? "CREATE",
      eventCategory: e.category,
      tenantId,
      tenantType: "ORGANISATION",
    })),
    firstEventSequence: 1,
    lastEventSequence: events.length,
    entropy: crypto.randomUUID(),
  });
  return call(`/webhooks/${t.tenant}/${source}`, { method: "POST", body, headers: { "content-type": "application/json", "x-xero-signature": await hmacBase64(XERO_WEBHOOK_KEY, body) } });
}
