// The consent flow's HubSpot target, against the HubSpot fake: a blacklisted address is opted out
// of all email once, named in the ledger by its digest; a released one is never opted back in.
import { describe, expect, it } from "vitest";
import type { OdooClient } from "../../../src/odoo/client";
import type { OutboundContext } from "../../../src/outbound/flow";
import { consentFlow, emailDigest } from "../../../src/outbound/flows/consent";
import { hubspotApi, hubspotEmailOptOut } from "../../../src/providers/hubspot-api";
import type { Routing } from "../../../src/tenant/routing";
import hubspotFake from "../../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../../support/api-session-on-fake";
import { memoryLedger } from "../../support/memory-ledger";

/** An Odoo holding one mail.blacklist row (only `read` of it is answered). */
function odooWith(row: { id: number; email: string; active: boolean; write_date: string }): OdooClient {
  return {
    calls: 0,
    probe: async () => ({ uid: 2, serverVersion: "18.0" }),
    serverVersion: async () => "18.0",
    async call<T>(model: string, method: string, args: unknown[]): Promise<T> {
      if (model !== "mail.blacklist" || method !== "read") throw new Error(`unexpected ${model}.${method}`);
      return ((args[0] as number[]).includes(row.id) ? [row] : []) as T;
    },
  };
}

describe("consent -> HubSpot", () => {
  it("opts a blacklisted address out of all email once and never opts a released one back in", async () => {
    const portalId = uniqueId("p");
    await control(hubspotFake, "https://api.hubapi.com/__fake/portals", { portalId, accessToken: `pat-${portalId}` });
    const session = sessionOn(hubspotFake, hubspotApi, { accessToken: `pat-${portalId}` });
    const ledger = memoryLedger();
    const row = { id: 7, email: "kim@example.test", active: true, write_date: "2026-12-07 12:00:00" };
    const context = (): OutboundContext<"consent"> => ({
      tenantId: "t",
      eventId: crypto.randomUUID(),
      externalId: "7",
      change: { model: "mail.blacklist", ids: [7], via: "poll", writeDate: null },
      config: { to: ["hubspot"], mode: "realtime" },
      routing: {} as Routing,
      odoo: odooWith(row),
      odooVersion: 18,
      targets: [{ sourceId: "hubspot", provider: "hubspot", session }],
      ledger,
      mappings: () => {
        throw new Error("no mappings");
      },
    });

    const key = `email-optout:${await emailDigest("kim@example.test")}`;
    expect((await consentFlow.send(context())).writes).toEqual([{ to: "hubspot", provider: "hubspot", objectKey: key, value: { optedOut: true }, status: "sent" }]);
    expect((await hubspotEmailOptOut(session, "kim@example.test")).optedOut).toBe(true);
    expect([...ledger.entries.values()].map((e) => e.objectKey)).toEqual([key]);
    expect(JSON.stringify([...ledger.entries.values()])).not.toContain("kim@");

    expect((await consentFlow.send(context())).writes.map((w) => w.status)).toEqual(["unchanged"]);
    row.active = false;
    const released = await consentFlow.send(context());
    expect(released.writes).toEqual([expect.objectContaining({ status: "skipped", reason: expect.stringContaining("never subscribes anyone") })]);
    expect((await hubspotEmailOptOut(session, "kim@example.test")).optedOut).toBe(true);
  });
});
