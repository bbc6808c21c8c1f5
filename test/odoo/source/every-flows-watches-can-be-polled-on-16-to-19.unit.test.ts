import { describe, expect, it } from "vitest";
import type { OdooClient } from "../../../src/odoo/client";
import { initialState, pollWatch } from "../../../src/odoo/source/poll-window";
import { watchesOf } from "../../../src/odoo/source/watches";
import { OUTBOUND_FLOWS } from "../../../src/outbound/flow";
import { VERSIONS, startOdoo } from "../../odoo-emulator/odoo-under-test";

describe.each(VERSIONS)("Odoo %s", (version) => {
  it("every registered flow's watched models are listed by write_date (fields and domains Odoo accepts), a fresh change included", async () => {
    const odoo = await startOdoo(version);
    const client: OdooClient = { calls: 0, call: (m, me, a, k) => odoo.rpc(m, me, a, k), probe: async () => ({ uid: 2, serverVersion: version }), serverVersion: async () => version };
    const routing = { outbound: Object.fromEntries(OUTBOUND_FLOWS.map((f) => [f, { to: ["shop"] }])) } as never;
    const watches = watchesOf(routing, Number.parseInt(version, 10));
    expect(watches.length).toBeGreaterThan(0);
    const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann" }]);
    for (const { watch } of watches) {
      const run = await pollWatch(client, watch, initialState(Date.now()));
      expect(run.backlog).toBe(false);
      if (watch.model === "res.partner") expect(run.records.map((r) => r.id)).toContain(partner);
    }
  });
});
