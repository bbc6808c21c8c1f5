import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { xero } from "../../src/providers/xero";
import { MalformedPayloadError, type Normalized, type SourceConfig } from "../../src/providers/provider";
import contactUpdate from "../fixtures/xero/contact-update.json";
import creditNote from "../fixtures/xero/credit-note-create.json";
import mixed from "../fixtures/xero/mixed-batch.json";
import itr from "../fixtures/xero/intent-to-receive.json";

function normalize(payload: unknown, options: { tenantIds?: string[] } = {}): Normalized {
  const source: SourceConfig<{ tenantIds?: string[] }> = { tenantId: "acme", sourceId: "xero", provider: "xero", secrets: ["k"], options };
  const raw = typeof payload === "string" ? payload : JSON.stringify(payload);
  return xero.normalize({ body: new TextEncoder().encode(raw), headers: new Headers(), method: "POST", url: "https://router.test/webhooks/acme/xero", receivedAt: 0 }, source);
}

const events = (result: Normalized) => {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events.map((e) => ({ deliveryId: e.deliveryId, event: canonicalEventSchema.parse(e.event) }));
};

describe("Xero normalization", () => {
  it("turns the spec's CONTACT UPDATE example into a thin customer event", () => {
    const [e] = events(normalize(contactUpdate));
    expect(e!.event).toMatchObject({
      provider: "xero",
      kind: "customer",
      type: "customer.updated",
      topic: "CONTACT.UPDATE",
      externalId: "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777",
      action: "upsert",
      data: { thin: true, operation: "update", resource: "Contacts" },
    });
  });

  it("reads eventDateUtc without an offset as UTC, and uses it as the version", () => {
    const [e] = events(normalize(contactUpdate));
    expect(e!.event.version).toBe(Date.UTC(2024, 5, 21, 1, 15, 39, 902));
    expect(e!.event.occurredAt).toBe("2024-06-21T01:15:39.902Z");
  });

  it("derives the dedup key tenantId:category:resourceId:eventDateUtc:eventType (Xero has no event id)", () => {
    const [e] = events(normalize(contactUpdate));
    expect(e!.deliveryId).toBe("c2cc9b6e-9458-4c7d-93cc-f02b81b0594f:CONTACT:717f2bfc-c6d4-41fd-b238-3f2f0c0cf777:2024-06-21T01:15:39.902:UPDATE");
  });

  it("maps INVOICE to invoice and CONTACT to customer in one batch, dropping SUBSCRIPTION; eventType case does not matter", () => {
    const out = events(normalize(mixed));
    expect(out.map((e) => [e.event.kind, e.event.type, e.event.data])).toEqual([
      ["invoice", "invoice.created", { thin: true, operation: "create", resource: "Invoices" }],
      ["customer", "customer.updated", { thin: true, operation: "update", resource: "Contacts" }],
    ]);
    expect(out[1]!.deliveryId.endsWith(":UPDATE")).toBe(true);
  });

  it("acknowledges a batch with no routed category (CREDITNOTE) as ignored", () => {
    expect(normalize(creditNote)).toMatchObject({ outcome: "ignored", topic: "CREDITNOTE.CREATE" });
  });

  it("acknowledges an Intent to Receive payload (no events) as ignored", () => {
    expect(normalize(itr)).toMatchObject({ outcome: "ignored", topic: "intent-to-receive", deliveryId: null });
  });

  it("keeps only the tenants listed in tenantIds", () => {
    expect(normalize(contactUpdate, { tenantIds: ["another-org"] })).toMatchObject({ outcome: "ignored" });
    expect(events(normalize(contactUpdate, { tenantIds: ["c2cc9b6e-9458-4c7d-93cc-f02b81b0594f"] }))).toHaveLength(1);
  });

  it("rejects a verified body that is not a Xero payload as malformed", () => {
    expect(() => normalize("{")).toThrow(MalformedPayloadError);
    expect(() => normalize({ entropy: "x" })).toThrow(MalformedPayloadError);
    const noDate = { ...contactUpdate, events: [{ ...contactUpdate.events[0], eventDateUtc: "soon" }] };
    expect(() => normalize(noDate)).toThrow(MalformedPayloadError);
  });
});
