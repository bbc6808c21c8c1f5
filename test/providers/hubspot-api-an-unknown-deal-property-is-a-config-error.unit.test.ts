import { describe, expect, it } from "vitest";
import { hubspotApi, updateHubSpotObject } from "../../src/providers/hubspot-api";
import { ProviderApiError } from "../../src/providers/provider-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";

const HOST = "https://api.hubapi.com";

async function portal(spec: Record<string, unknown> = {}) {
  const portalId = String(Math.floor(Math.random() * 1e9));
  const accessToken = uniqueId("pat-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken, ...spec });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals`, { records: [{ id: "501", properties: { dealname: "Deal" } }] });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/properties/deals`, { names: ["odoo_invoice_status"] });
  return { portalId, session: sessionOn(hubspotFake, hubspotApi, { accessToken }) };
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => err as ProviderApiError);

describe("updateHubSpotObject (PATCH /crm/v3/objects/deals/{id})", () => {
  it("sets the properties sent and leaves the others", async () => {
    const { portalId, session } = await portal();
    await updateHubSpotObject(session, "deals", "501", { odoo_invoice_status: "paid" });
    const deal = await control<{ properties: Record<string, unknown> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals/501`);
    expect(deal.properties).toMatchObject({ dealname: "Deal", odoo_invoice_status: "paid" });
  });

  it("a property the portal lacks is a config error naming PROPERTY_DOESNT_EXIST; nothing is written", async () => {
    const { portalId, session } = await portal();
    const err = await failure(updateHubSpotObject(session, "deals", "501", { odoo_invoice_status: "paid", odoo_amount_due: "5" }));
    expect(err).toBeInstanceOf(ProviderApiError);
    expect(err).toMatchObject({ category: "config", status: 400 });
    expect(err!.message).toContain("PROPERTY_DOESNT_EXIST");
    expect(err!.message).toContain("create the deals properties in HubSpot");
    const deal = await control<{ properties: Record<string, unknown> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/deals/501`);
    expect(deal.properties.odoo_invoice_status).toBeUndefined();
  });

  it("a read-only property is bad data, a deleted deal is not_found", async () => {
    const { session } = await portal();
    expect(await failure(updateHubSpotObject(session, "deals", "501", { hs_object_id: "1" }))).toMatchObject({ category: "data", status: 400 });
    expect(await failure(updateHubSpotObject(session, "deals", "999", { odoo_invoice_status: "paid" }))).toMatchObject({ category: "not_found", status: 404 });
  });

  it("past the portal's ten-second limit the write is a transient 429 with its Retry-After", async () => {
    const { session } = await portal({ tenSecondLimit: 2 });
    await updateHubSpotObject(session, "deals", "501", { odoo_invoice_status: "posted" });
    await updateHubSpotObject(session, "deals", "501", { odoo_invoice_status: "partial" });
    const err = await failure(updateHubSpotObject(session, "deals", "501", { odoo_invoice_status: "paid" }));
    expect(err).toMatchObject({ category: "transient", status: 429 });
    expect(err!.retryAfterSeconds).toBeGreaterThan(0);
  });
});
