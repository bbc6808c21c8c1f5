import { describe, expect, it } from "vitest";
import type { OdooClient } from "../../../src/odoo/client";
import { provisionRules, wantedRules } from "../../../src/odoo/source/provisioning";
import { watchesOf } from "../../../src/odoo/source/watches";
import { OUTBOUND_FLOWS } from "../../../src/outbound/flow";
import { WEBHOOK_VERSIONS, startOdoo } from "../../odoo-emulator/odoo-under-test";

describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("every registered flow's watched models provision as a rule with a webhook action (fields and domains Odoo accepts)", async () => {
    const odoo = await startOdoo(version, { config: { apps: [] } });
    const client: OdooClient = { calls: 0, call: (m, me, a, k) => odoo.rpc(m, me, a, k), probe: async () => ({ uid: 2, serverVersion: version }), serverVersion: async () => version };
    const routing = { outbound: Object.fromEntries(OUTBOUND_FLOWS.map((f) => [f, { to: ["shop"] }])) } as never;
    const watches = watchesOf(routing, Number.parseInt(version, 10));
    expect(watches.length).toBeGreaterThan(0);
    const { outcomes } = await provisionRules(client, wantedRules(watches, "odoo", "https://router.test/webhooks/acme/odoo?token=t"), "odoo");
    expect(outcomes.filter((o) => o.status !== "created")).toEqual([]);
  });
});
