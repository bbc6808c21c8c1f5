import { describe, expect, it } from "vitest";
import type { OdooClient } from "../../../src/odoo/client";
import { normalizeCallback } from "../../../src/odoo/source/callback";
import { odooSourceOptionsSchema } from "../../../src/odoo/source/options";
import { provisionRules, recordedRules, wantedRules } from "../../../src/odoo/source/provisioning";
import type { OutboundFlow } from "../../../src/outbound/flow";
import { WEBHOOK_VERSIONS, startOdoo, webhookReceiver } from "../../odoo-emulator/odoo-under-test";

/** The emulator's JSON-RPC as the router's OdooClient. */
function clientOf(odoo: Awaited<ReturnType<typeof startOdoo>>, version: string): OdooClient {
  return {
    calls: 0,
    call: (model, method, args, kwargs) => odoo.rpc(model, method, args, kwargs),
    probe: async () => ({ uid: 2, serverVersion: version }),
    serverVersion: async () => version,
  };
}

const watch = {
  model: "res.partner",
  triggerFields: ["email"],
  fields: ["email", "parent_id"],
  domain: [["is_company", "=", false]],
  // The commercial entity: a contact's company, else itself.
  entityOf: (r: Record<string, unknown>) => String(typeof r.parent_id === "number" ? r.parent_id : r.id),
};
const flow = { name: "accountStatus", watches: () => [watch], send: async () => ({ writes: [], odoo: null }) } as unknown as OutboundFlow;

describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("a provisioned rule's callback is one event of the flow's entity, keyed by write_date to the second", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    const client = clientOf(odoo, version);
    const url = "https://router.test/webhooks/acme/odoo?token=secret";
    const { outcomes } = await provisionRules(client, wantedRules([{ flow: "accountStatus", watch }], "odoo", url), "odoo");
    expect(outcomes).toEqual([expect.objectContaining({ status: "created", name: "Odoo router: accountStatus res.partner [odoo]" })]);
    // Idempotent: the same rule is found by name and left alone.
    expect((await provisionRules(client, wantedRules([{ flow: "accountStatus", watch }], "odoo", url), "odoo")).outcomes[0]!.status).toBe("unchanged");

    const company = await odoo.rpc<number>("res.partner", "create", [{ name: "Acme", is_company: true }]);
    const person = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann", parent_id: company }]);
    await odoo.rpc("res.partner", "write", [[person], { email: "ann@acme.test" }]);
    // The person's creation and its email change; never the company (domain).
    expect(receiver.received.map((r) => JSON.parse(r.body)._id)).toEqual([person, person]);

    const options = odooSourceOptionsSchema.parse({ odooVersion: Number.parseInt(version, 10), rules: recordedRules(outcomes) });
    const last = receiver.received.at(-1)!;
    expect(last.url).toBe(url);
    const normalized = normalizeCallback(new TextEncoder().encode(last.body), options, Date.now(), () => flow);
    expect(normalized.outcome).toBe("events");
    const [{ deliveryId, event }] = (normalized as { events: { deliveryId: string; event: Record<string, unknown> }[] }).events as [{ deliveryId: string; event: Record<string, unknown> }];
    const writeDate = String(JSON.parse(last.body).write_date).slice(0, 19);
    expect(deliveryId).toBe(`odoo:res.partner:${person}:${writeDate}`);
    expect(event).toMatchObject({ kind: "accountStatus", externalId: String(company), provider: "odoo", data: { model: "res.partner", ids: [person], via: "callback", writeDate } });
  });
});
