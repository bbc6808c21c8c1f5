import { expect, it } from "vitest";
import { startOdoo } from "./odoo-under-test";

// The chaos run's outage (test/chaos/driver.ts): a rule with `forMs` is over that long after the
// first call it refused, whatever `times` it has left, so its length does not depend on a driver.
it("a fault rule with forMs refuses every call until that long after its first refusal, then none", async () => {
  const odoo = await startOdoo("18.0");
  await odoo.control("POST", "faults", { faults: [{ kind: "http_503", times: 1000, forMs: 300, message: "outage" }] });
  const search = () => odoo.rpc("res.partner", "search", [[]]).then(() => "ok", () => "refused");

  // Not started until a call meets it.
  await new Promise((r) => setTimeout(r, 400));
  expect(await search()).toBe("refused");
  expect(await search()).toBe("refused");
  await new Promise((r) => setTimeout(r, 350));
  expect(await odoo.control<unknown[]>("GET", "faults")).toEqual([]);
  expect(await search()).toBe("ok");

  const calls = await odoo.control<{ outcome: string; faultMessage?: string }[]>("GET", "calls");
  expect(calls.map((c) => [c.outcome, c.faultMessage ?? null])).toEqual([
    ["fault", "outage"],
    ["fault", "outage"],
    ["ok", null],
  ]);
});
