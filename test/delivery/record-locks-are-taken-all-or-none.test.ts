import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordLockObject } from "../../src/delivery/record-locks";
import { uniqueId } from "../support/shopify";

const customer = { kind: "customer", externalId: "c1" };
const productA = { kind: "variant", externalId: "a" };
const productB = { kind: "variant", externalId: "b" };

it("a hold takes all its keys or none: a busy one is named, the free ones stay free, and a release gives them all back", async () => {
  const locks = recordLockObject(env, undefined, uniqueId("tenant"), "shop");
  expect(await locks.hold("order-1", [productB, customer])).toEqual({ status: "held" });
  // order-2 needs the customer too: refused as a whole, naming the first busy key in sorted order.
  expect(await locks.hold("order-2", [productA, productB, customer])).toMatchObject({ status: "busy", key: customer });
  expect(await locks.holderOf(productA)).toBeNull();
  // A holder taking a key it holds again (its next attempt after a crash) gets it at once.
  expect(await locks.hold("order-1", [customer])).toEqual({ status: "held" });

  await locks.release("order-1");
  expect(await locks.holderOf(customer)).toBeNull();
  expect(await locks.holderOf(productB)).toBeNull();
  expect(await locks.hold("order-2", [productA, productB, customer])).toEqual({ status: "held" });
  // A release of some keys keeps the others.
  await locks.release("order-2", [productA]);
  expect(await locks.holderOf(productA)).toBeNull();
  expect(await locks.holderOf(customer)).toBe("order-2");
});
