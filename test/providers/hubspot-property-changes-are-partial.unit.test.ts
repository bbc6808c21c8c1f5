import { expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { hubspot } from "../../src/providers/hubspot";
import type { SourceConfig } from "../../src/providers/provider";

const source = { tenantId: "acme", sourceId: "hubspot", provider: "hubspot", secrets: [], options: hubspot.optionsSchema.parse({ publicUrl: "https://hooks.example.test/hubspot" }) } satisfies SourceConfig;
const change = (subscriptionType: string, eventId: number, propertyName: string, propertyValue: string) => ({
  eventId, subscriptionId: 9, portalId: 62515, occurredAt: 1764000000000, subscriptionType, objectId: 77, propertyName, propertyValue,
});

it("HubSpot property changes are partial canonical events carrying their one field; unknown contact properties stay thin", () => {
  const body = [
    change("deal.propertyChange", 1, "amount", "1500"),
    change("contact.propertyChange", 2, "city", "Boston"),
    change("company.propertyChange", 3, "name", "Acme Corp"),
    change("contact.propertyChange", 4, "email", ""),
    change("contact.propertyChange", 5, "hs_lead_status", "OPEN"),
  ];
  const result = hubspot.normalize(
    { body: new TextEncoder().encode(JSON.stringify(body)), headers: new Headers(), method: "POST", url: "https://router.test/webhooks/acme/hubspot", receivedAt: Date.now() },
    source,
  );
  if (result.outcome !== "events") throw new Error("not normalized");
  const events = result.events.map((e) => canonicalEventSchema.parse(e.event));
  expect(events.map((e) => [e.kind, e.completeness, e.changed])).toEqual([
    ["deal", "partial", ["changes.amount"]],
    ["customer", "partial", ["address.city"]],
    ["company", "partial", ["name"]],
    ["customer", "partial", ["email"]],
    ["customer", "full", undefined],
  ]);
  expect(events[1]!.data).toMatchObject({ address: { city: "Boston" }, email: null });
  expect(events[2]!.data).toMatchObject({ name: "Acme Corp" });
  // A cleared property ("") clears the field.
  expect(events[3]!.data).toMatchObject({ email: null });
  expect(events[4]!.data).toEqual({ thin: true, operation: "propertyChange", resource: "contact" });
});
