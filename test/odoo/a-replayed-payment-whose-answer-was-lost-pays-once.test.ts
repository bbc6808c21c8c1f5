/**
 * A first attempt does not search for the payment it is about to make (nothing can have made it),
 * so what tells a write that an earlier attempt may have reached Odoo must include replays: a
 * payment whose answer was lost and that went dead at once is found by its replay, not paid twice.
 */
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, injectOdooFaults, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder, shopifyTransaction } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a payment whose answer was lost and that went dead is replayed without a second payment in Odoo", async () => {
  // One attempt only: the lost answer makes the payment dead, and only the replay can find it.
  const t = await createTenant({ delivery: { retry: { maxAttempts: 1 } } });
  expect((await waitForStatus(t, await eventIdOf(await postShopify(t, "orders/create", shopifyOrder())), ["delivered", "dead"])).status).toBe("delivered");
  // The order is not invoiced (default routing): the payment is created on the customer's account,
  // and Odoo posts it but its answer is lost.
  await injectOdooFaults(t, [{ kind: "lost_response", model: "account.payment", method: "action_post", times: 1 }]);
  const paymentEvent = await eventIdOf(await postShopify(t, "order_transactions/create", shopifyTransaction()));
  expect((await waitForStatus(t, paymentEvent, ["delivered", "dead"], 30_000)).status).toBe("dead");
  expect(await odooSearchRead(t, "account.payment", ["id"])).toHaveLength(1);

  const started = await call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ status: "dead" }) });
  expect(started.status).toBe(202);
  const { jobId } = (await started.json()) as { jobId: string };
  await vi.waitUntil(
    async () => ((await (await call(`/v1/tenants/${t.tenant}/replays/${jobId}`, { token: ADMIN_TOKEN })).json()) as { status: string }).status === "done",
    { timeout: 10_000, interval: 50 },
  );
  const replay = await vi.waitUntil(
    async () => (await env.DB.prepare("SELECT id FROM events WHERE replay_of = ?").bind(paymentEvent).first<{ id: string }>()) ?? null,
    { timeout: 10_000, interval: 50 },
  );
  const replayed = await waitForStatus(t, replay.id, ["delivered", "dead"], 30_000);
  expect(replayed.status, JSON.stringify(replayed.error)).toBe("delivered");

  expect(await odooSearchRead(t, "account.payment", ["id"])).toHaveLength(1);
});
