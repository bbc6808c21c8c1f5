/**
 * Zendesk records as canonical data, shared by the webhook module (src/providers/zendesk.ts: the
 * ticket `detail` of ticket events) and the API client (src/providers/zendesk-api.ts: tickets of
 * the incremental export), which carry the same ticket fields.
 */
import type { TicketData } from "../events/canonical";
import { entityRef, idOf, text, type Json } from "./json-values";

export function ticketData(d: Json): TicketData {
  return {
    subject: text(d.subject),
    description: text(d.description),
    status: text(d.status)?.toLowerCase() ?? null,
    priority: text(d.priority)?.toLowerCase() ?? null,
    requesterEmail: null,
    requesterName: null,
    // The requester is a Zendesk user, written as a customer from its own user events.
    requester: entityRef("customer", idOf(d.requester_id)),
  };
}
