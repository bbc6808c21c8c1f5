/** A source of any provider on a test tenant, through the admin API (as an operator would). */
import { ADMIN_TOKEN, call, type TestTenant } from "./router";

export async function putSource(
  t: TestTenant,
  source: string,
  body: { provider: string; secrets: string[]; options?: Record<string, unknown> },
): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/sources/${source}`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(body) });
}

export function postWebhook(t: TestTenant, source: string, body: string, headers: Record<string, string>): Promise<Response> {
  return call(`/webhooks/${t.tenant}/${source}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}
