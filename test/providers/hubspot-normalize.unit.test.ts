import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { hubspot } from "../../src/providers/hubspot";
import { MalformedPayloadError, type SourceConfig } from "../../src/providers/provider";
import batch from "../fixtures/hubspot/batch.json";

const source = { tenantId: "acme", sourceId: "hubspot", provider: "hubspot", secrets: [], options: hubspot.optionsSchema.parse({ publicUrl: "https://hooks.example.test/hubspot" }) } satisfies SourceConfig;
const normalize = (payload: unknown) =>
  hubspot.normalize(
    {
      body: new TextEncoder().encode(typeof payload === "string" ? payload : JSON.stringify(payload)),
      headers: new Headers(),
      method: "POST",
      url: "https://router.test/webhooks/acme/hubspot",
      receivedAt: Date.now(),
    },
    source,
  );

describe("HubSpot normalization (batch arrays)", () => {
  it("splits a batch into one canonical event per routed element, keyed portalId:subscriptionId:eventId", () => {
    const result = normalize(batch);
    if (result.outcome !== "events") throw new Error("not normalized");
    expect(result.events.map((e) => e.deliveryId)).toEqual(["62515:12345:1", "62515:25:3816279340", "62515:22:3816279480", "62515:31:3816279555"]);
    const events = result.events.map((e) => canonicalEventSchema.parse(e.event));
    expect(events.map((e) => [e.kind, e.type, e.externalId, e.version, e.action])).toEqual([
      ["customer", "customer.created", "123", 1564113600000, "upsert"],
      ["deal", "deal.updated", "1246965", 1564113601000, "upsert"],
      ["company", "company.created", "65059681032", 1564113602000, "upsert"],
      ["customer", "customer.deleted", "123", 1564113603000, "delete"],
    ]);
    expect(events[0]!.occurredAt).toBe("2019-07-26T04:00:00.000Z");
    expect(events[0]!.topic).toBe("contact.creation");
  });

  it("makes contacts and companies thin (HubSpot sends ids, not objects)", () => {
    const result = normalize(batch);
    if (result.outcome !== "events") throw new Error("not normalized");
    expect(result.events[0]!.event.data).toEqual({ thin: true, operation: "creation", resource: "contact" });
    expect(result.events[2]!.event.data).toEqual({ thin: true, operation: "creation", resource: "company" });
    expect(result.events[3]!.event.data).toEqual({ thin: true, operation: "deletion", resource: "contact" });
  });

  it("carries a deal property change as `changes` with every snapshot field left null", () => {
    const result = normalize(batch);
    if (result.outcome !== "events") throw new Error("not normalized");
    expect(result.events[1]!.event.data).toEqual({
      title: null,
      amount: null,
      stage: null,
      status: null,
      company: null,
      contact: null,
      closeDate: null,
      changes: { dealstage: "closedwon" },
    });
  });

  it("routes generic object.* subscriptions by objectTypeId and keeps big ids exact", () => {
    const raw = '[{"eventId":9007199254740993,"subscriptionId":7,"portalId":62515,"occurredAt":1779271200000,"subscriptionType":"object.propertyChange","objectTypeId":"0-3","objectId":18014398509481985,"propertyName":"amount","propertyValue":"1500"}]';
    const result = normalize(raw);
    if (result.outcome !== "events") throw new Error("not normalized");
    expect(result.events[0]!.deliveryId).toBe("62515:7:9007199254740993");
    expect(canonicalEventSchema.parse(result.events[0]!.event)).toMatchObject({ kind: "deal", externalId: "18014398509481985", data: { changes: { amount: "1500" } } });
  });

  it("ignores a batch with no routed subscription type, naming the types", () => {
    const result = normalize([{ eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 1, subscriptionType: "ticket.creation", objectId: 4 }, batch[4]]);
    expect(result).toMatchObject({ outcome: "ignored", deliveryId: "3:2:1", reason: expect.stringContaining("ticket.creation") });
    expect(normalize([])).toMatchObject({ outcome: "ignored" });
  });

  it("rejects a body that is not an array, and routed elements without ids or occurredAt", () => {
    expect(() => normalize({ eventId: 1 })).toThrow(MalformedPayloadError);
    expect(() => normalize([{ subscriptionType: "contact.creation", objectId: 1, occurredAt: 1 }])).toThrow(MalformedPayloadError);
    expect(() => normalize([{ eventId: 1, subscriptionId: 2, portalId: 3, subscriptionType: "deal.creation", objectId: 1 }])).toThrow(MalformedPayloadError);
  });
});
