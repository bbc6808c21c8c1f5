import { expect, it } from "vitest";
import { createTenant, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

const PHASES = /^(\w+);dur=(\d+)$/;

function phasesOf(response: Response): Map<string, number> {
  const header = response.headers.get("server-timing") ?? "";
  return new Map(
    header.split(", ").map((entry) => {
      const m = PHASES.exec(entry);
      if (!m) throw new Error(`not a Server-Timing entry: "${entry}" in "${header}"`);
      return [m[1]!, Number(m[2])] as [string, number];
    }),
  );
}

it("an acknowledgement names the router's own time per phase in Server-Timing", async () => {
  const t = await createTenant();
  const accepted = await postShopify(t, "customers/create", shopifyCustomer());
  expect(accepted.status).toBe(202);
  const phases = phasesOf(accepted);
  expect([...phases.keys()]).toEqual(["source", "verify", "normalize", "store", "total"]);
  const parts = [...phases].filter(([name]) => name !== "total").reduce((sum, [, ms]) => sum + ms, 0);
  expect(phases.get("total")).toBeGreaterThanOrEqual(parts);
});

it("a refused delivery says it too, up to the phase that refused it", async () => {
  const t = await createTenant();
  const refused = await postShopify(t, "customers/create", shopifyCustomer(), { signature: "forged" });
  expect(refused.status).toBe(401);
  expect([...phasesOf(refused).keys()]).toEqual(["source", "verify", "total"]);
});
