import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { D1OutboundLedger } from "../../src/db/outbound-ledger";
import { uniqueId } from "../support/shopify";

it("the outbound ledger writes and reads more entries than D1 binds in one statement, per tenant and source, the newest write winning", async () => {
  const tenant = uniqueId("t");
  const ledger = new D1OutboundLedger(env.DB, tenant, () => 1_000);
  const keys = Array.from({ length: 250 }, (_, i) => `inventory:item-${i}@loc-1`);
  await ledger.put(keys.map((objectKey, i) => ({ sourceId: "shop", objectKey, value: { available: i }, eventId: "evt_a", link: `https://shop.test/i/${i}` })));
  // Another source and another tenant keep their own entries.
  await ledger.put([{ sourceId: "pos", objectKey: keys[0]!, value: { available: -1 }, eventId: "evt_b" }]);
  await new D1OutboundLedger(env.DB, `${tenant}-other`).put([{ sourceId: "shop", objectKey: keys[0]!, value: { available: -2 }, eventId: "evt_c" }]);

  const read = await ledger.get("shop", [...keys, "inventory:never-written"]);
  expect(read.size).toBe(250);
  expect(read.get(keys[199]!)).toEqual({ sourceId: "shop", objectKey: keys[199], value: { available: 199 }, writtenAt: 1_000, eventId: "evt_a", link: "https://shop.test/i/199" });

  const later = new D1OutboundLedger(env.DB, tenant, () => 2_000);
  await later.put([{ sourceId: "shop", objectKey: keys[0]!, value: { available: 42 }, eventId: "evt_d" }]);
  expect((await ledger.get("shop", [keys[0]!])).get(keys[0]!)).toEqual({ sourceId: "shop", objectKey: keys[0], value: { available: 42 }, writtenAt: 2_000, eventId: "evt_d", link: null });
  expect((await ledger.get("pos", [keys[0]!])).get(keys[0]!)?.value).toEqual({ available: -1 });
});
