import { describe, expect, it } from "vitest";
import { createApiSession, type RateGate } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { woocommerce } from "../../src/providers/woocommerce";
import { woocommerceApi } from "../../src/providers/woocommerce-api";
import * as fake from "../support/provider-fakes/woocommerce.mjs";
import order from "../fixtures/woocommerce/order.json";

const openGate: RateGate = { acquire: async () => ({ release: async () => undefined }) };
let n = 0;

async function shop(orders: unknown[]) {
  const host = `shop${++n}-${Date.now()}.woo.test`;
  const credentials = { consumerKey: "ck_test", consumerSecret: "cs_test", baseUrl: `https://${host}` };
  await fake.fetch(new Request(`https://${host}/__fake/seed`, { method: "POST", body: JSON.stringify({ consumerKey: "ck_test", consumerSecret: "cs_test", orders }) }));
  const session = createApiSession({ api: woocommerceApi, credentials, gate: openGate, fetch: (u, i) => fake.fetch(new Request(u, i)) });
  return { host, session };
}

const orderAt = (id: number, modified: string) => ({ ...order, id, number: String(id), date_modified_gmt: modified });
const window = { since: Date.parse("2026-12-01T00:00:00Z"), until: Date.parse("2026-12-02T00:00:00Z"), cursor: null };

describe("WooCommerce listChanges", () => {
  it("pages through orders modified in the window (GMT), each with the webhook module's externalId and version", async () => {
    const inside = Array.from({ length: 150 }, (_, i) => orderAt(1000 + i, `2026-12-01T10:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`));
    const outside = [orderAt(1, "2026-11-30T23:59:59"), orderAt(2, "2026-12-02T00:00:01")];
    const { session } = await shop([...inside, ...outside]);
    const listed = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await woocommerceApi.listChanges!(session, { ...window, cursor }, ["order"]);
      listed.push(...page.events);
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(listed.map((e) => e.event.externalId).sort()).toEqual(inside.map((o) => String(o.id)).sort());
    // The same order as a webhook: same externalId and version, so its entity sees one entity.
    const webhook = woocommerce.normalize(
      {
        body: new TextEncoder().encode(JSON.stringify(inside[0])),
        headers: new Headers({ "x-wc-webhook-topic": "order.updated", "x-wc-webhook-id": "7" }),
        method: "POST",
        url: "",
        receivedAt: Date.now(),
      },
      { tenantId: "t", sourceId: "s", provider: "woocommerce", secrets: [], options: {} },
    );
    const fromApi = listed.find((e) => e.event.externalId === "1000")!;
    expect(webhook.outcome === "events" && webhook.events[0]!.event).toMatchObject({ externalId: fromApi.event.externalId, version: fromApi.event.version, kind: "order" });
    expect(fromApi.deliveryId).toBe(`1000@${Date.parse("2026-12-01T10:00:00Z")}`);
  });

  it("moves on to products after the orders, and ends; customers are not listed (their endpoint has no modified filter)", async () => {
    const { session } = await shop([orderAt(5, "2026-12-01T01:00:00")]);
    const first = await woocommerceApi.listChanges!(session, window, ["order", "customer", "product"]);
    expect(first.events).toHaveLength(1);
    const second = await woocommerceApi.listChanges!(session, { ...window, cursor: first.cursor }, ["order", "customer", "product"]);
    expect(second.events).toHaveLength(0);
    expect(second.cursor).toBeNull();
  });

  it("classes refused keys as auth and an HTML answer as data, without the credentials in the message", async () => {
    const { host } = await shop([]);
    const wrong = createApiSession({
      api: woocommerceApi,
      credentials: { consumerKey: "ck_test", consumerSecret: "cs_wrong-secret", baseUrl: `https://${host}` },
      gate: openGate,
      fetch: (u, i) => fake.fetch(new Request(u, i)),
    });
    const refused = await woocommerceApi.listChanges!(wrong, window, ["order"]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderApiError);
    expect((refused as ProviderApiError).category).toBe("auth");
    expect((refused as ProviderApiError).message).not.toContain("cs_wrong-secret");

    const { session, host: other } = await shop([]);
    await fake.fetch(new Request(`https://${other}/__fake/faults`, { method: "POST", body: JSON.stringify([{ status: 200, body: "<html>PHP Fatal error</html>" }]) }));
    const garbage = await woocommerceApi.listChanges!(session, window, ["order"]).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(ProviderApiError);
    expect(["data", "transient"]).toContain((garbage as ProviderApiError).category);
  });

  it("requires the shop's https baseUrl: none is a config error, plain http too", async () => {
    expect(() => woocommerceApi.defaultBaseUrl({ consumerKey: "ck", consumerSecret: "cs" })).toThrow(/needs baseUrl/);
    const plain = createApiSession({
      api: woocommerceApi,
      credentials: { consumerKey: "ck", consumerSecret: "cs_secret", baseUrl: "http://shop.woo.test" },
      gate: openGate,
      fetch: (u, i) => fake.fetch(new Request(u, i)),
    });
    const refused = await woocommerceApi.listChanges!(plain, window, ["order"]).catch((e: unknown) => e);
    expect((refused as ProviderApiError).category).toBe("config");
  });
});
