// The Shopify FAKE (test/support/provider-fakes/shopify.mjs, with its inventory and fulfilment
// parts) served to the router from this Node process through Miniflare's outboundService, as the
// reconciliation phase serves the WooCommerce fake. Everything else the router fetches (the Odoo
// emulator) goes to the network.
//
// The wrapper is where the way-back phase takes its provider-side measurements:
// - when each `inventorySetQuantities` was answered without errors, and what it set (item@location
//   -> quantity): the "provider write" end of the Odoo change -> provider write latency;
// - every GraphQL call by operation name, and how many were answered THROTTLED by the cost bucket;
// - fault injection: with probability `faultRate` a call is answered by one of the fake's own
//   faults (queued through its `/__fake/faults` control route just before the call reaches it):
//   a 5xx with an HTML page, an HTTP 200 `THROTTLED`, or (mutations only) a lost answer — the
//   mutation is carried out, then answered 502 with an empty body.
import { Response as MfResponse } from "miniflare";
import shopifyFake from "../../test/support/provider-fakes/shopify.mjs";
import { createRng } from "./rng.mjs";

export const SHOP_TOKEN = "shpat_bench_outbound";

const FAULTS = {
  "5xx": { status: 503, body: "html" },
  throttled: { status: 200, json: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits#rate-limits" } }] } },
  lost: { status: 502, body: "empty", commit: true },
};

const tail = (gid) => String(gid ?? "").split("/").pop();

/** @param {string} SHOP the fake shop's domain (one per run: the fake keeps its state per shop) */
export function createShopRecorder(SHOP, seed = "bench-outbound") {
  const rng = createRng(seed);
  const rec = {
    faultRate: 0,
    /** {at, levels: [{key: "<item>@<location>", quantity}]} per applied inventorySetQuantities */
    writes: [],
    /** fulfillmentCreate calls that created a fulfilment */
    fulfilments: [],
    calls: 0,
    byOperation: {},
    throttled: 0,
    faultsInjected: { "5xx": 0, throttled: 0, lost: 0 },
    reset() {
      this.writes = [];
      this.fulfilments = [];
      this.calls = 0;
      this.byOperation = {};
      this.throttled = 0;
      this.faultsInjected = { "5xx": 0, throttled: 0, lost: 0 };
    },
  };

  const control = (path, body) =>
    shopifyFake.fetch(new Request(`https://${SHOP}/__fake/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) }));

  async function toShop(request) {
    const bytes = await request.arrayBuffer();
    let gql = null;
    try {
      gql = JSON.parse(new TextDecoder().decode(bytes));
    } catch {}
    const op = /^\s*(query|mutation)\b\s*(\w*)/.exec(gql?.query ?? "");
    const isMutation = op?.[1] === "mutation";
    const name = op ? op[2] || op[1] : "other";
    rec.calls++;
    rec.byOperation[name] = (rec.byOperation[name] ?? 0) + 1;
    if (rec.faultRate > 0 && rng.next() < rec.faultRate) {
      const kinds = isMutation ? ["5xx", "throttled", "lost"] : ["5xx", "throttled"];
      const kind = kinds[Math.floor(rng.next() * kinds.length)];
      rec.faultsInjected[kind]++;
      await control("faults", { faults: [{ ...FAULTS[kind], times: 1 }] });
    }
    const answer = await shopifyFake.fetch(new Request(request.url, { method: request.method, headers: request.headers, body: bytes }));
    const text = await answer.text();
    const at = Date.now();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {}
    if (body?.errors?.[0]?.extensions?.code === "THROTTLED") rec.throttled++;
    const set = body?.data?.inventorySetQuantities;
    if (set?.inventoryAdjustmentGroup && set.userErrors?.length === 0) {
      const quantities = gql?.variables?.input?.quantities ?? [];
      rec.writes.push({ at, levels: quantities.map((q) => ({ key: `${tail(q.inventoryItemId)}@${tail(q.locationId)}`, quantity: q.quantity })) });
    }
    if (body?.data?.fulfillmentCreate?.fulfillment) rec.fulfilments.push({ at, id: body.data.fulfillmentCreate.fulfillment.id });
    return new MfResponse(text, { status: answer.status, headers: Object.fromEntries(answer.headers) });
  }

  /** Miniflare's outboundService for the router. */
  async function outbound(request) {
    const url = new URL(request.url);
    if (shopifyFake.matches(url)) return toShop(request);
    const headers = Object.fromEntries([...request.headers].filter(([k]) => !["host", "content-length", "connection", "transfer-encoding", "keep-alive"].includes(k)));
    const init = { method: request.method, headers, body: ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer() };
    const answer = await fetch(request.url, init);
    return new MfResponse(await answer.arrayBuffer(), { status: answer.status, headers: Object.fromEntries(answer.headers) });
  }

  return {
    shop: SHOP,
    rec,
    outbound,
    seed: (body) => control("seed", { accessToken: SHOP_TOKEN, ...body }),
    inventory: async () => (await control("inventory")).json(),
    counters: async () => (await control("counters")).json(),
    order: async (id) => (await shopifyFake.fetch(new Request(`https://${SHOP}/__fake/orders/${id}`))).json(),
  };
}
