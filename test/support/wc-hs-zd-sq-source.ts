/** Adds a source of any provider to a test tenant through the admin API. */
import { ADMIN_TOKEN, call, type TestTenant } from "./router";

export async function addSource(
  t: TestTenant,
  source: string,
  provider: string,
  secrets: string[],
  options: Record<string, unknown> = {},
): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/sources/${source}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider, secrets, options }),
  });
}
