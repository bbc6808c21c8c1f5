import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { quickbooks } from "../../src/providers/quickbooks";
import { MalformedPayloadError, type Normalized, type SourceConfig } from "../../src/providers/provider";
import legacyBlog from "../fixtures/quickbooks/legacy-blog-sample.json";
import cloudEventsBlog from "../fixtures/quickbooks/cloudevents-blog-sample.json";
import legacyRouted from "../fixtures/quickbooks/legacy-routed.json";
import cloudEventsRouted from "../fixtures/quickbooks/cloudevents-routed.json";

const source = (options: { realmIds?: string[] } = {}): SourceConfig<{ realmIds?: string[] }> => ({
  tenantId: "acme",
  sourceId: "qbo",
  provider: "quickbooks",
  secrets: ["verifier"],
  options,
});

function normalize(payload: unknown, options: { realmIds?: string[] } = {}): Normalized {
  const raw = typeof payload === "string" ? payload : JSON.stringify(payload);
  return quickbooks.normalize(
    { body: new TextEncoder().encode(raw), headers: new Headers(), method: "POST", url: "https://router.test/webhooks/acme/qbo", receivedAt: 0 },
    source(options),
  );
}

function events(result: Normalized) {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events.map((e) => ({ deliveryId: e.deliveryId, event: canonicalEventSchema.parse(e.event) }));
}

describe("QuickBooks normalization (legacy eventNotifications)", () => {
  it("turns each routed entity change into one thin canonical event", () => {
    const out = events(normalize(legacyRouted));
    expect(out.map((e) => [e.event.kind, e.event.type, e.event.externalId, e.event.action, e.event.data])).toEqual([
      ["customer", "customer.created", "310687:58", "upsert", { thin: true, operation: "create", resource: "Customer" }],
      ["invoice", "invoice.updated", "310687:145", "upsert", { thin: true, operation: "update", resource: "Invoice" }],
      ["payment", "payment.voided", "310687:146", "upsert", { thin: true, operation: "void", resource: "Payment" }],
      ["product", "product.deleted", "310687:19", "delete", { thin: true, operation: "delete", resource: "Item" }],
    ]);
    // Vendor (not routed) is dropped.
    expect(out).toHaveLength(4);
  });

  it("derives the dedup key from realm, entity, id, operation and lastUpdated, and versions by lastUpdated", () => {
    const [customer] = events(normalize(legacyRouted));
    expect(customer!.deliveryId).toBe("310687:Customer:58:Create:2025-09-08T20:52:31.657Z");
    expect(customer!.event.version).toBe(Date.parse("2025-09-08T20:52:31.657Z"));
    expect(customer!.event.topic).toBe("Customer.Create");
    expect(customer!.event.occurredAt).toBe("2025-09-08T20:52:31.657Z");
  });

  it("reads lastUpdated with a colon-less offset (-0700) as the same instant", () => {
    const payload = {
      eventNotifications: [
        { realmId: "1185883450", dataChangeEvent: { entities: [{ name: "Customer", id: "1", operation: "Update", lastUpdated: "2015-10-05T14:42:19-0700" }] } },
      ],
    };
    const [e] = events(normalize(payload));
    expect(e!.event.version).toBe(Date.parse("2015-10-05T21:42:19Z"));
  });

  it("acknowledges Intuit's own sample (an Account change) as ignored: Account is not routed", () => {
    expect(normalize(legacyBlog)).toMatchObject({ outcome: "ignored", reason: expect.stringContaining("Account.Create") });
  });
});

describe("QuickBooks normalization (CloudEvents)", () => {
  it("maps qbo.<entity>.<op>.v1 to thin events keyed by the CloudEvent id", () => {
    const out = events(normalize(cloudEventsRouted));
    expect(out.map((e) => [e.deliveryId, e.event.kind, e.event.type, e.event.externalId, e.event.action])).toEqual([
      ["0b5a7f6e-4c1d-4e8f-9a51-2f6d8c3b7e10", "customer", "customer.updated", "310687:58", "upsert"],
      ["5f1e2d3c-7b6a-4c9d-8e0f-1a2b3c4d5e6f", "invoice", "invoice.created", "9130357945907536:145", "upsert"],
      ["9d8c7b6a-5e4f-4d3c-b2a1-0f9e8d7c6b5a", "product", "product.deleted", "310687:19", "delete"],
    ]);
    expect(out[0]!.event.data).toEqual({ thin: true, operation: "update", resource: "Customer" });
    expect(out[0]!.event.topic).toBe("qbo.customer.updated.v1");
  });

  it("versions by `time`, truncating Intuit's nanosecond fraction to milliseconds", () => {
    const [customer] = events(normalize(cloudEventsRouted));
    expect(customer!.event.version).toBe(Date.parse("2025-09-10T21:31:25.179Z"));
  });

  it("gives the same entity id in two realms two different externalIds", () => {
    const sameId = cloudEventsRouted.map((ce) => ({ ...ce, intuitentityid: "7", type: "qbo.customer.updated.v1" }));
    const ids = events(normalize(sameId.slice(0, 2))).map((e) => e.event.externalId);
    expect(ids).toEqual(["310687:7", "9130357945907536:7"]);
  });

  it("acknowledges Intuit's own CloudEvents sample (qbo.account.created.v1) as ignored", () => {
    expect(normalize(cloudEventsBlog)).toMatchObject({ outcome: "ignored", topic: "qbo.account.created.v1" });
  });
});

describe("QuickBooks realm allow-list (realmIds)", () => {
  it("keeps only the events of the listed realms", () => {
    const out = events(normalize(cloudEventsRouted, { realmIds: ["9130357945907536"] }));
    expect(out.map((e) => e.event.externalId)).toEqual(["9130357945907536:145"]);
  });

  it("acknowledges a delivery with no event of a listed realm as ignored, never refuses it", () => {
    expect(normalize(legacyRouted, { realmIds: ["999"] })).toMatchObject({
      outcome: "ignored",
      reason: expect.stringContaining("realm 310687"),
    });
  });

  it("is optional but strict: unknown options and an empty list are refused", () => {
    expect(quickbooks.optionsSchema.safeParse({}).success).toBe(true);
    expect(quickbooks.optionsSchema.safeParse({ realmIds: ["310687"] }).success).toBe(true);
    expect(quickbooks.optionsSchema.safeParse({ realmIds: [] }).success).toBe(false);
    expect(quickbooks.optionsSchema.safeParse({ realmId: "310687" }).success).toBe(false);
  });
});

describe("QuickBooks malformed bodies", () => {
  it("rejects bodies that are neither format, and routed changes without id or timestamp", () => {
    expect(() => normalize("not json")).toThrow(MalformedPayloadError);
    expect(() => normalize({ hello: "world" })).toThrow(MalformedPayloadError);
    expect(() =>
      normalize({ eventNotifications: [{ realmId: "1", dataChangeEvent: { entities: [{ name: "Customer", operation: "Create", lastUpdated: "2025-01-01T00:00:00Z" }] } }] }),
    ).toThrow(MalformedPayloadError);
    expect(() => normalize([{ ...cloudEventsRouted[0], time: "yesterday" }])).toThrow(MalformedPayloadError);
    expect(() => normalize([{ ...cloudEventsRouted[0], id: undefined }])).toThrow(MalformedPayloadError);
  });

  it("acknowledges an empty CloudEvents array as ignored", () => {
    expect(normalize([])).toMatchObject({ outcome: "ignored", deliveryId: null });
  });
});
