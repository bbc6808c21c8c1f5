/**
 * Drives the router from outside, as a provider, an admin and an operator would: through its HTTP
 * routes, with the Odoo emulator (an auxiliary worker; all outbound fetches go to it) behind it.
 */
import { exports } from "cloudflare:workers";
import { vi } from "vitest";
import { uniqueId } from "./shopify";
import { shopifyHmac } from "./signing";

export const ADMIN_TOKEN = "test-admin-token";
export const ODOO_API_KEY = "test-api-key";

export function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return exports.default.fetch(new Request(`https://router.test${path}`, { ...init, headers }));
}

export interface TestTenant {
  tenant: string;
  source: string;
  secret: string;
  /** Base URL of this tenant's own emulated Odoo database (the emulator isolates state per host). */
  odooUrl: string;
}

/** A fresh tenant with a Shopify source and its own emulated Odoo. */
export async function createTenant(
  options: { odooVersion?: string; protocol?: "jsonrpc" | "json2"; delivery?: Record<string, unknown>; region?: "eu" | "fedramp" } = {},
): Promise<TestTenant> {
  const tenant = uniqueId("t");
  const odooUrl = `http://odoo-${tenant}.test`;
  const configured = await fetch(`${odooUrl}/__emulator/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, version: options.odooVersion ?? "19.0" }),
  });
  if (!configured.ok) throw new Error(`emulator config failed: ${configured.status}`);
  await expectStatus(
    call(`/v1/admin/tenants/${tenant}`, {
      method: "PUT",
      token: ADMIN_TOKEN,
      body: JSON.stringify({
        odoo: { url: odooUrl, database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, protocol: options.protocol ?? "jsonrpc" },
        ...(options.delivery ? { delivery: options.delivery } : {}),
        ...(options.region ? { region: options.region } : {}),
      }),
    }),
    201,
  );
  const source = "shop";
  const secret = `shpss_${uniqueId("secret")}`;
  await expectStatus(
    call(`/v1/admin/tenants/${tenant}/sources/${source}`, {
      method: "PUT",
      token: ADMIN_TOKEN,
      body: JSON.stringify({ provider: "shopify", secrets: [secret] }),
    }),
    201,
  );
  return { tenant, source, secret, odooUrl };
}

async function expectStatus(pending: Promise<Response>, status: number): Promise<Response> {
  const response = await pending;
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  return response;
}

export async function postShopify(
  t: TestTenant,
  topic: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string; signature?: string } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  return call(`/webhooks/${t.tenant}/${t.source}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": options.signature ?? (await shopifyHmac(body, options.secret ?? t.secret)),
      "x-shopify-webhook-id": options.webhookId ?? crypto.randomUUID(),
      "x-shopify-shop-domain": "example.myshopify.com",
      "x-shopify-api-version": "2026-10",
    },
  });
}

export async function readToken(t: TestTenant): Promise<string> {
  const response = await expectStatus(
    call(`/v1/admin/tenants/${t.tenant}/tokens`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ role: "read" }) }),
    201,
  );
  return ((await response.json()) as { token: string }).token;
}

export interface AuditEvent {
  id: string;
  status: string;
  type: string | null;
  topic: string;
  attempts: number;
  reason: string | null;
  duplicateOf: string | null;
  odoo: { model: string; id: number } | null;
  error: { category: string; name: string | null; message: string } | null;
  timeline?: { seq: number; at: string; step: string; detail: Record<string, unknown> | null }[];
}

export async function getEvent(t: TestTenant, eventId: string): Promise<AuditEvent | null> {
  const response = await call(`/v1/tenants/${t.tenant}/events/${eventId}`, { token: ADMIN_TOKEN });
  if (response.status === 404) return null;
  return (await response.json()) as AuditEvent;
}

/** Waits until the audit API shows the event in one of the given statuses. */
export async function waitForStatus(t: TestTenant, eventId: string, statuses: string[], timeout = 15_000) {
  return vi.waitUntil(
    async () => {
      const event = await getEvent(t, eventId);
      return event && statuses.includes(event.status) ? event : null;
    },
    { timeout, interval: 50 },
  );
}

export async function odooRecords<T = Record<string, unknown>>(t: TestTenant, model: string): Promise<T[]> {
  const response = await fetch(`${t.odooUrl}/__emulator/records/${model}`);
  return (await response.json()) as T[];
}

export async function odooCalls(t: TestTenant): Promise<{ model?: string; method: string; outcome: string }[]> {
  return (await (await fetch(`${t.odooUrl}/__emulator/calls`)).json()) as { model?: string; method: string; outcome: string }[];
}

export async function injectOdooFaults(t: TestTenant, faults: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${t.odooUrl}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ faults }),
  });
  if (!response.ok) throw new Error(`fault injection failed: ${response.status}`);
}

/** Drops the fault rules not met yet (before a test reads Odoo back to check what was written). */
export async function clearOdooFaults(t: TestTenant): Promise<void> {
  const response = await fetch(`${t.odooUrl}/__emulator/faults`, { method: "DELETE" });
  if (!response.ok) throw new Error(`clearing the faults failed: ${response.status}`);
}

/** One `execute_kw` as the emulator's API user (uid 2), as any Odoo client or operator script calls it. */
export async function odooExecute<T = unknown>(
  t: TestTenant,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${t.odooUrl}/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "call",
      id: 1,
      params: { service: "object", method: "execute_kw", args: ["acme", 2, ODOO_API_KEY, model, method, args, kwargs] },
    }),
  });
  const body = (await response.json()) as { result?: T; error?: unknown };
  if (body.error !== undefined || !("result" in body)) throw new Error(`${model}.${method} failed: ${JSON.stringify(body.error)}`);
  return body.result as T;
}

/** Reads records the way any Odoo client would (JSON-RPC search_read), archived ones included. */
export function odooSearchRead<T = Record<string, unknown>>(t: TestTenant, model: string, fields: string[]): Promise<T[]> {
  return odooExecute<T[]>(t, model, "search_read", [[]], { fields, order: "id asc", context: { active_test: false } });
}

/** Reconfigures the tenant's emulated Odoo (resets its data), e.g. to deny rights or change the key. */
export async function configureOdoo(t: TestTenant, config: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${t.odooUrl}/__emulator/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, ...config }),
  });
  if (!response.ok) throw new Error(`emulator config failed: ${response.status} ${await response.text()}`);
}

/** Replaces the tenant's routing (a new version); throws unless the router accepted it. */
export async function putRouting(t: TestTenant, routing: Record<string, unknown>): Promise<void> {
  await expectStatus(
    call(`/v1/admin/tenants/${t.tenant}/routing`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(routing) }),
    201,
  );
}

/**
 * Changes the emulated database's schema at runtime, as installing or uninstalling a module does:
 * {model, field, type?} adds a field, {model, field, remove: true} removes it.
 */
export async function changeOdooField(
  t: TestTenant,
  change: { model: string; field: string; type?: string; remove?: boolean },
): Promise<void> {
  const response = await fetch(`${t.odooUrl}/__emulator/fields`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(change),
  });
  if (!response.ok) throw new Error(`emulator field change failed: ${response.status} ${await response.text()}`);
}

/** What the event's last Odoo attempt reported (its timeline's last odoo_attempt detail). */
export function attemptDetail(event: AuditEvent): Record<string, unknown> {
  return event.timeline?.filter((e) => e.step === "odoo_attempt").at(-1)?.detail ?? {};
}

/** Creates records in the tenant's emulated Odoo through its ORM (an operator's setup), returning their ids. */
export async function odooSeed(t: TestTenant, model: string, records: Record<string, unknown>[]): Promise<number[]> {
  const response = await fetch(`${t.odooUrl}/__emulator/records/${model}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(records),
  });
  if (!response.ok) throw new Error(`emulator seed failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { ids: number[] }).ids;
}
