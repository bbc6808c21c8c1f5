import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { zendesk } from "../../src/providers/zendesk";
import { MalformedPayloadError, type SourceConfig } from "../../src/providers/provider";
import ticketCreated from "../fixtures/zendesk/ticket-created.json";
import userActiveChanged from "../fixtures/zendesk/user-active-changed.json";

const source: SourceConfig<{ toleranceSeconds: number }> = { tenantId: "acme", sourceId: "zendesk", provider: "zendesk", secrets: [], options: { toleranceSeconds: 300 } };
const normalize = (payload: unknown, headers: Record<string, string> = {}) =>
  zendesk.normalize(
    {
      body: new TextEncoder().encode(typeof payload === "string" ? payload : JSON.stringify(payload)),
      headers: new Headers(headers),
      method: "POST",
      url: "https://router.test/webhooks/acme/zendesk",
      receivedAt: Date.now(),
    },
    source,
  );
function single(payload: unknown) {
  const result = normalize(payload);
  if (result.outcome !== "events") throw new Error(`not normalized: ${JSON.stringify(result)}`);
  return { deliveryId: result.events[0]!.deliveryId, event: canonicalEventSchema.parse(result.events[0]!.event) };
}

/** The ticket detail properties listed on the ticket-events reference page. */
const fullTicket = {
  ...ticketCreated,
  detail: {
    ...ticketCreated.detail,
    subject: "Printer on fire",
    description: "The fire is very colorful.",
    priority: "HIGH",
    requester_id: "20978392",
    submitter_id: "20978392",
    assignee_id: null,
    tags: ["enterprise"],
    type: "INCIDENT",
  },
};

describe("Zendesk normalization (event-subscription webhooks)", () => {
  it("turns ticket.created into a canonical ticket keyed by the event id, ordered by detail.updated_at", () => {
    const { event, deliveryId } = single(ticketCreated);
    expect(deliveryId).toBe("01HNXXXX-CTEXAMPLE");
    expect(event).toMatchObject({
      kind: "ticket",
      type: "ticket.created",
      topic: "zen:event-type:ticket.created",
      externalId: "35436",
      version: Date.parse("2024-04-17T17:18:10Z"),
      action: "upsert",
      data: { status: "open", subject: null, requesterEmail: null, requesterName: null },
    });
  });

  it("maps the documented ticket detail fields", () => {
    expect(single(fullTicket).event.data).toEqual({
      subject: "Printer on fire",
      description: "The fire is very colorful.",
      status: "open",
      priority: "high",
      requesterEmail: null, // the detail names the requester by id only
      requesterName: null,
      requester: { kind: "customer", externalId: "20978392" },
    });
  });

  it("turns any other ticket event into ticket.updated, and soft/permanent deletion into a delete", () => {
    const changed = { ...fullTicket, type: "zen:event-type:ticket.status_changed", id: "evt-2", detail: { ...fullTicket.detail, status: "SOLVED", updated_at: "2024-04-17T18:00:00Z" } };
    expect(single(changed).event).toMatchObject({ type: "ticket.updated", version: Date.parse("2024-04-17T18:00:00Z"), data: { status: "solved" } });
    for (const name of ["soft_deleted", "permanently_deleted"]) {
      expect(single({ ...fullTicket, type: `zen:event-type:ticket.${name}`, id: name }).event).toMatchObject({ type: "ticket.deleted", action: "delete" });
    }
  });

  it("turns user.created into a customer with the user's e-mail", () => {
    const created = { ...userActiveChanged, type: "zen:event-type:user.created", id: "evt-user-1" };
    const { event, deliveryId } = single(created);
    expect(deliveryId).toBe("evt-user-1");
    expect(event).toMatchObject({
      kind: "customer",
      type: "customer.created",
      externalId: "6596848315901",
      version: Date.parse("2099-07-04T05:33:18Z"),
      data: { email: "user.6596848315901@example.test", firstName: null, lastName: null, phone: null, company: null, address: null },
    });
  });

  it("makes later user events thin customer updates (their detail has no name to write)", () => {
    const { event } = single(userActiveChanged);
    expect(event).toMatchObject({ kind: "customer", type: "customer.updated", externalId: "6596848315901", data: { thin: true, operation: "active_changed", resource: "user" } });
    expect(single({ ...userActiveChanged, type: "zen:event-type:user.deleted" }).event).toMatchObject({ type: "customer.deleted", action: "delete" });
  });

  it("falls back to the subject id and the event time", () => {
    const bare = { ...ticketCreated, detail: {} };
    expect(single(bare).event).toMatchObject({ externalId: "35436", version: Date.parse("2024-04-17T17:18:10Z") });
  });

  it("acknowledges trigger/automation webhooks (custom bodies: JSON, XML, form) and other domains as ignored", () => {
    const headers = { "x-zendesk-webhook-invocation-id": "inv-1" };
    expect(normalize({ ticket_id: "35436", status: "Open" }, headers)).toMatchObject({ outcome: "ignored", deliveryId: "inv-1", reason: expect.stringContaining("trigger/automation") });
    expect(normalize("<ticket><id>35436</id></ticket>")).toMatchObject({ outcome: "ignored" });
    expect(normalize("")).toMatchObject({ outcome: "ignored" });
    expect(normalize({ ...ticketCreated, type: "zen:event-type:organization.created" })).toMatchObject({ outcome: "ignored", topic: "zen:event-type:organization.created" });
  });

  it("rejects a routed event without id, entity or time as malformed", () => {
    expect(() => normalize({ ...ticketCreated, id: undefined })).toThrow(MalformedPayloadError);
    expect(() => normalize({ ...ticketCreated, subject: undefined, detail: {} })).toThrow(MalformedPayloadError);
    expect(() => normalize({ ...ticketCreated, time: undefined, detail: { id: "1" } })).toThrow(MalformedPayloadError);
  });
});
