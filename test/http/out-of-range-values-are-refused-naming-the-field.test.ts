/**
 * The 500s of issue 15, sent as signed deliveries through the router: out-of-range dates,
 * non-decimal amounts, a 200 KB id and nesting found by the fuzz tests are each a 400
 * malformed_payload whose message names the field, never a 500.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTenant, type TestTenant } from "../support/router";
import { FUZZ_TARGETS, postSigned, type FuzzTarget } from "../support/fuzz-targets";

const target = (id: string): FuzzTarget => FUZZ_TARGETS.find((t) => t.id === id)!;
type Json = Record<string | number, unknown>;

/** A provider's seed payload (test/support/fuzz-targets.ts) with `change` applied. */
function seed(id: string, index: number, change: (body: Json) => void): string {
  const body = JSON.parse(target(id).seeds[index]!) as Json;
  change(body);
  return JSON.stringify(body);
}
const at = (value: unknown, ...path: (string | number)[]) => path.reduce<Json>((node, key) => node[key] as Json, value as Json);

interface Case {
  name: string;
  provider: string;
  body: () => string;
  seedIndex?: number;
  field: RegExp;
}

const CASES: Case[] = [
  { name: "Stripe created 1e13", provider: "stripe", body: () => seed("stripe", 0, (b) => (b.created = 1e13)), field: /"created"/ },
  { name: "Stripe created MAX_SAFE_INTEGER", provider: "stripe", body: () => seed("stripe", 0, (b) => (b.created = Number.MAX_SAFE_INTEGER)), field: /"created"/ },
  { name: "HubSpot occurredAt 9007199254740991", provider: "hubspot", body: () => seed("hubspot", 0, (b) => (at(b, 0).occurredAt = 9007199254740991)), field: /"occurredAt"/ },
  {
    name: "Square version 1e300 used as the date",
    provider: "square",
    body: () =>
      seed("square", 0, (b) => {
        const customer = at(b, "data", "object", "customer");
        customer.version = 1e300;
        delete customer.updated_at;
        delete customer.created_at;
        delete b.created_at;
      }),
    field: /"version"/,
  },
  { name: "Standard Webhooks timestamp 1e20", provider: "standard-webhooks", body: () => seed("standard-webhooks", 0, (b) => (b.timestamp = 1e20)), field: /"timestamp"/ },
  { name: 'Shopify total_price "12,50"', provider: "shopify", body: () => seed("shopify", 0, (b) => (b.total_price = "12,50")), field: /"total_price"/ },
  { name: "Shopify total_price 1e21", provider: "shopify", body: () => seed("shopify", 0, (b) => (b.total_price = 1e21)), field: /"total_price"/ },
  { name: 'Shopify variant price "abc"', provider: "shopify", seedIndex: 2, body: () => seed("shopify", 2, (b) => (at(b, "variants", 0).price = "abc")), field: /"variants.price"/ },
  { name: "WooCommerce numeric total 1e21", provider: "woocommerce", seedIndex: 1, body: () => seed("woocommerce", 1, (b) => (b.total = 1e21)), field: /"total"/ },
  { name: "Shopify customer with a 200 KB id", provider: "shopify", seedIndex: 1, body: () => seed("shopify", 1, (b) => (b.id = "9".repeat(200_000))), field: /entity id is 200000 characters long; the limit is 255/ },
  {
    // Found by the fuzz tests: Number() of thousands of nested arrays overflowed the stack.
    name: "Shopify line quantity nested 5,000 arrays deep",
    provider: "shopify",
    body: () => seed("shopify", 0, (b) => (at(b, "line_items", 0).quantity = "@deep@")).replace('"@deep@"', "[".repeat(5_000) + "1" + "]".repeat(5_000)),
    field: /"data\.lines\.0\.quantity"/,
  },
  {
    // JSON.parse's reviver (kept for 16+ digit ids) recurses: it said "not valid JSON" for this.
    name: "a Stripe body nested 20,000 arrays deep around a 17-digit number",
    provider: "stripe",
    body: () => seed("stripe", 0, (b) => (b.metadata = "@deep@")).replace('"@deep@"', "[".repeat(20_000) + "12345678901234567" + "]".repeat(20_000)),
    field: /nested too deeply/,
  },
];

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant();
});

describe("signed deliveries with values out of range are 400 malformed_payload naming the field", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const response = await postSigned(t, target(c.provider), c.body(), target(c.provider).headers(c.seedIndex ?? 0));
      const body = (await response.json()) as { error?: { code: string; message: string } };
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.error?.code).toBe("malformed_payload");
      expect(body.error?.message).toMatch(c.field);
    });
  }
});
