/** A Zendesk source on a test tenant, and signed event-subscription webhooks posted to it. */
import { call, type TestTenant } from "./router";
import { putSource } from "./sources";
import { zendeskSignature } from "./signing";

const SECRET = "zd-signing-secret";

export async function putZendeskSource(t: TestTenant, api?: Record<string, unknown>): Promise<void> {
  const response = await putSource(t, "zendesk", { provider: "zendesk", secrets: [SECRET], ...(api ? { api } : {}) });
  if (response.status !== 201) throw new Error(`zendesk source: ${response.status} ${await response.text()}`);
}

/** A signed `zen:event-type:user.<name>` event for a user (its detail as Zendesk sends it: no name, no phone). */
export async function postZendeskUserEvent(t: TestTenant, name: string, user: { id: string; email: string; updatedAt: string }): Promise<{ status: string; eventId: string }> {
  const body = JSON.stringify({
    type: `zen:event-type:user.${name}`,
    account_id: 12514403,
    id: crypto.randomUUID(),
    time: user.updatedAt,
    zendesk_event_version: "2022-06-20",
    subject: `zen:user:${user.id}`,
    detail: { created_at: "2026-01-01T00:00:00Z", email: user.email, external_id: "", id: user.id, organization_id: "0", role: "end-user", updated_at: user.updatedAt },
    event: {},
  });
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const response = await call(`/webhooks/${t.tenant}/zendesk`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-zendesk-webhook-signature": await zendeskSignature(timestamp, body, SECRET),
      "x-zendesk-webhook-signature-timestamp": timestamp,
    },
  });
  if (response.status !== 202) throw new Error(`zendesk post: ${response.status} ${await response.text()}`);
  return (await response.json()) as { status: string; eventId: string };
}
