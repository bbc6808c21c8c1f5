import { expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { invoiceStatusFlow } from "../../src/outbound/flows/invoice-status";
import { hubspot } from "../../src/providers/hubspot";
import { hubspotApi, updateHubSpotObject } from "../../src/providers/hubspot-api";
import type { SourceConfig } from "../../src/providers/provider";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import { memoryLedger } from "../support/memory-ledger";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";

const HOST = "https://api.hubapi.com";
const source = { tenantId: "acme", sourceId: "crm", provider: "hubspot", secrets: [], options: hubspot.optionsSchema.parse({ publicUrl: "https://hooks.example.test/hubspot" }) } satisfies SourceConfig;

/** The webhook batch HubSpot sends for these property changes, normalized as the router does. */
function normalized(changes: Record<string, unknown>[]) {
  const body = changes.map((c) => ({ ...c, subscriptionId: 7 }));
  const result = hubspot.normalize({ body: new TextEncoder().encode(JSON.stringify(body)), headers: new Headers(), method: "POST", url: "https://router.test/webhooks/acme/crm", receivedAt: Date.now() }, source);
  if (result.outcome !== "events") throw new Error("not normalized");
  return result.events.map((e) => canonicalEventSchema.parse(e.event));
}

it("HubSpot's property change for the router's own deal write is an echo; a user's later edit of it is not", async () => {
  const portalId = String(Math.floor(Math.random() * 1e9));
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals`, { records: [{ id: "88", properties: { dealname: "Deal" } }] });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/properties/deals`, { names: ["odoo_invoice_status", "odoo_amount_due"] });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });
  // What invoiceStatus does: write, then record in the ledger.
  const ledger = memoryLedger();
  await updateHubSpotObject(session, "deals", "88", { odoo_invoice_status: "partial", odoo_amount_due: "60.5" });
  await ledger.put([
    { sourceId: "crm", objectKey: "deal:88:odoo_invoice_status", value: "partial", eventId: "ev-1" },
    { sourceId: "crm", objectKey: "deal:88:odoo_amount_due", value: "60.5", eventId: "ev-1" },
  ]);

  const changes = await control<Record<string, unknown>[]>(hubspotFake, `${HOST}/__fake/portals/${portalId}/property-changes`);
  expect(changes.map((c) => [c.propertyName, c.propertyValue, c.changeSource])).toEqual([
    ["odoo_invoice_status", "partial", "INTEGRATION"],
    ["odoo_amount_due", "60.5", "INTEGRATION"],
  ]);
  const isEcho = async (event: ReturnType<typeof normalized>[number]) => {
    const probe = invoiceStatusFlow.echoOf!(event, "hubspot");
    if (!probe) return false;
    const known = (await ledger.get("crm", [probe.objectKey])).get(probe.objectKey);
    return known !== undefined && known.value === probe.value;
  };
  const echoes = normalized(changes);
  expect(await Promise.all(echoes.map(isEcho))).toEqual([true, true]);

  // A sales rep sets the property by hand afterwards, and another property changes: not echoes.
  const edits = normalized([
    { eventId: 901, portalId: Number(portalId), occurredAt: Date.now(), subscriptionType: "deal.propertyChange", objectId: 88, propertyName: "odoo_invoice_status", propertyValue: "paid", changeSource: "CRM_UI" },
    { eventId: 902, portalId: Number(portalId), occurredAt: Date.now(), subscriptionType: "deal.propertyChange", objectId: 88, propertyName: "dealstage", propertyValue: "closedwon", changeSource: "CRM_UI" },
  ]);
  expect(await Promise.all(edits.map(isEcho))).toEqual([false, false]);
  // Only HubSpot deal changes can be echoes of this flow.
  expect(invoiceStatusFlow.echoOf!(echoes[0]!, "salesforce")).toBeNull();
});
