import { env } from "cloudflare:workers";
import { afterAll, expect, it } from "vitest";
import { createTenant, getEvent, odooRecords, putRouting, waitForStatus } from "../support/router";
import { FAKE_HOST, fakeAccount, WHSEC } from "../support/generic-api";
import { postWebhook, putSource } from "../support/sources";
import { standardWebhooksHeaders } from "../support/signing";
import { uniqueId } from "../support/shopify";
import { testFlow } from "../support/outbound-test-flow";
import { registerOutboundFlowForTest } from "../../src/outbound/route";
import { D1OutboundLedger } from "../../src/db/outbound-ledger";

afterAll(() => registerOutboundFlowForTest("price", null));

it("a provider webhook reporting the router's own value is recorded echo and writes nothing; a different value goes in", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  const created = await putSource(t, "webshop", {
    provider: "standard-webhooks",
    secrets: [WHSEC],
    options: {
      eventTypes: {
        "product.updated": { kind: "product", idPath: "data.id", versionPath: "data.version", fields: { title: "data.title", sku: "data.sku", price: "data.price", currency: "data.currency" } },
      },
    },
    api: { fetchUrl: `${FAKE_HOST}/${account.account}/products/{id}` },
  });
  expect(created.status).toBe(201);
  // The price flow recognises its echo by the variant's price, as the ledger holds it.
  registerOutboundFlowForTest(
    "price",
    testFlow({
      name: "price",
      objects: () => [],
      echoOf: (event) => {
        if (event.kind !== "product") return null;
        const variant = (event.data as { variants?: { price: { amount: number } }[] }).variants?.[0];
        return variant ? { objectKey: `variant:${event.externalId}:price`, value: { price: variant.price.amount } } : null;
      },
    }),
  );
  await putRouting(t, { outbound: { price: { to: ["webshop"] } }, ownership: { "product.template": { list_price: "odoo" } } });
  // The router just wrote 19.99 there (what the price flow's ledger.put records).
  await new D1OutboundLedger(env.DB, t.tenant).put([{ sourceId: "webshop", objectKey: "variant:p-1:price", value: { price: 1999 }, eventId: "evt_written" }]);

  const post = async (price: string, version: number) => {
    const body = JSON.stringify({ type: "product.updated", timestamp: new Date().toISOString(), data: { id: "p-1", version, title: "Mug", sku: "MUG-1", price, currency: "EUR" } });
    return postWebhook(t, "webshop", body, await standardWebhooksHeaders(body, WHSEC, uniqueId("msg"), Math.floor(Date.now() / 1000)));
  };

  const echo = await post("19.99", 1);
  expect(echo.status).toBe(200);
  const answer = (await echo.json()) as { status: string; eventId: string; reason: string };
  expect(answer).toMatchObject({ status: "echo", reason: expect.stringContaining("variant:p-1:price") });
  const recorded = await waitForStatus(t, answer.eventId, ["echo"]);
  expect(recorded.timeline?.at(-1)).toMatchObject({ step: "echo", detail: { flow: "price", objectKey: "variant:p-1:price", writtenBy: "evt_written" } });

  // Someone changed the price in the shop: not an echo, it goes in as usual.
  const news = await post("18.00", 2);
  expect(news.status).toBe(202);
  const { eventId } = (await news.json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"], 30_000)).status).toBe("delivered");
  // Only the news was written: the echo left no trace in Odoo.
  expect(await getEvent(t, answer.eventId)).toMatchObject({ status: "echo", odoo: null });
  expect(await odooRecords(t, "product.product")).toHaveLength(1);
  const written = await getEvent(t, eventId);
  expect(written?.timeline?.filter((e) => e.step === "odoo_attempt")).toHaveLength(1);
});
