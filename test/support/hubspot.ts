/** A HubSpot source on a test tenant, and signed (v3) batches of deal property changes posted to it. */
import { call, type TestTenant } from "./router";
import { putSource } from "./sources";
import { hubspotV3Signature } from "./signing";

export const HUBSPOT_PUBLIC_URL = "https://hooks.example.test/hubspot/acme";
const SECRET = "hubspot-client-secret";

/** `api`: the source's HubSpot API connection (private app token or OAuth2), when the test reads from the fake. */
export async function putHubSpotSource(t: TestTenant, api?: Record<string, unknown>): Promise<void> {
  const response = await putSource(t, "hubspot", { provider: "hubspot", secrets: [SECRET], options: { publicUrl: HUBSPOT_PUBLIC_URL }, ...(api ? { api } : {}) });
  if (response.status !== 201) throw new Error(`hubspot source: ${response.status} ${await response.text()}`);
}

let nextEventId = 1;

/** One `deal.propertyChange` element of a HubSpot batch (a fresh eventId each). */
export function dealChange(dealId: number, occurredAt: number, propertyName: string, propertyValue: string) {
  return {
    eventId: nextEventId++,
    subscriptionId: 25,
    portalId: 62515,
    appId: 54321,
    occurredAt,
    subscriptionType: "deal.propertyChange",
    attemptNumber: 0,
    objectId: dealId,
    propertyName,
    propertyValue,
    changeSource: "CRM_UI",
  };
}

/** One `contact.propertyChange` or `company.propertyChange` element (a fresh eventId each). */
export function objectChange(type: "contact" | "company", id: number, occurredAt: number, propertyName: string, propertyValue: string) {
  return { ...dealChange(id, occurredAt, propertyName, propertyValue), subscriptionType: `${type}.propertyChange` };
}

export interface HubSpotReply {
  status: string;
  eventId: string;
  events?: { status: string; eventId?: string; reason?: string }[];
}

/** Posts a signed batch; returns one reply per element (the router's `events`, or the single reply). */
export async function postHubSpot(t: TestTenant, batch: unknown[]): Promise<{ status: string; eventId?: string }[]> {
  const body = JSON.stringify(batch);
  const timestamp = String(Date.now());
  const response = await call(`/webhooks/${t.tenant}/hubspot`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-hubspot-request-timestamp": timestamp,
      "x-hubspot-signature-v3": await hubspotV3Signature("POST", HUBSPOT_PUBLIC_URL, body, timestamp, SECRET),
    },
  });
  if (response.status !== 202 && response.status !== 200) throw new Error(`hubspot post: ${response.status} ${await response.text()}`);
  const reply = (await response.json()) as HubSpotReply;
  return reply.events ?? [{ status: reply.status, eventId: reply.eventId }];
}
