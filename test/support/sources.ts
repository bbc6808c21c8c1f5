/**
 * Sources of any provider on a test tenant, configured and posted to through the router's HTTP
 * routes, as an operator and a sender would.
 */
import { ADMIN_TOKEN, call, type TestTenant } from "./router";

export interface SourceBody {
  provider: string;
  secrets: string[];
  /** Omitted means `{}` (the admin API's default). */
  options?: Record<string, unknown>;
  /** The provider API connection (`api`); null removes it. */
  api?: Record<string, unknown> | null;
}

/** `PUT /v1/admin/tenants/{t}/sources/{source}`; the response is returned, not checked (tests assert 201 or 422). */
export function putSource(t: TestTenant, source: string, body: SourceBody): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/sources/${source}`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(body) });
}

/** A JSON delivery to the source's webhook route, with the given (signature) headers. */
export function postWebhook(t: TestTenant, source: string, body: string, headers: Record<string, string>): Promise<Response> {
  return call(`/webhooks/${t.tenant}/${source}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}
