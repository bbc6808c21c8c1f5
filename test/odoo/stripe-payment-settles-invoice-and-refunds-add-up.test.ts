import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";
import chargeRefunded from "../fixtures/stripe/charge.refunded.json";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import invoicePaid from "../fixtures/stripe/invoice.paid.json?raw";
import paymentSucceeded from "../fixtures/stripe/payment_intent.succeeded.json";

const SECRET = "whsec_payments_7d1f0a";
const INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I";

async function deliver(t: Awaited<ReturnType<typeof createTenant>>, body: string) {
  const header = await stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
  const response = await postWebhook(t, "stripe", body, { "stripe-signature": header });
  expect(response.status).toBe(202);
  const event = await waitForStatus(t, ((await response.json()) as { eventId: string }).eventId, ["delivered", "dead"], 20_000);
  expect(event.status, JSON.stringify(event.error)).toBe("delivered");
  return event;
}

/** The charge after a (cumulative) refund of `cents`: Stripe before API 2022-11-15 resends the charge. */
function chargeRefundedTo(cents: number, createdOffset: number) {
  return JSON.stringify({
    ...chargeRefunded,
    id: `evt_refund_${cents}`,
    created: chargeRefunded.created + createdOffset,
    data: { object: { ...chargeRefunded.data.object, amount: 1000, amount_refunded: cents, refunded: cents === 1000 } },
  });
}

it("a Stripe payment of an invoice is registered against it, and cumulative charge refunds become one credit note per increase", async () => {
  const t = await createTenant();
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET] })).status).toBe(201);
  await deliver(t, customerCreated);
  await deliver(t, invoicePaid);
  const payment = JSON.stringify({
    ...paymentSucceeded,
    data: { object: { ...paymentSucceeded.data.object, invoice: INVOICE, amount: 1000, amount_received: 1000 } },
  });
  const paid = await deliver(t, payment);
  expect(paid.odoo?.model).toBe("account.payment");

  type Move = { id: number; move_type: string; state: string; payment_state: string; amount_total: number; amount_residual: number; ref: string };
  const moves = () => odooSearchRead<Move>(t, "account.move", ["move_type", "state", "payment_state", "amount_total", "amount_residual", "ref"]);
  const [invoice] = await moves();
  expect(invoice).toMatchObject({ ref: `stripe:${INVOICE}`, state: "posted", payment_state: "in_payment", amount_total: 10, amount_residual: 0 });

  await deliver(t, chargeRefundedTo(500, 60));
  await deliver(t, chargeRefundedTo(1000, 120));
  const notes = (await moves()).filter((m) => m.move_type === "out_refund");
  expect(notes.map((n) => [n.state, n.amount_total, n.amount_residual])).toEqual([["posted", 5, 0], ["posted", 5, 0]]);
  for (const note of notes) expect(note.ref).toContain("[stripe:ch_1PgafuB7WZ01zgkWXYmPNZs8]");
  const outbound = (await odooSearchRead<{ payment_type: string; amount: number }>(t, "account.payment", ["payment_type", "amount"]))
    .filter((p) => p.payment_type === "outbound");
  expect(outbound.map((p) => p.amount)).toEqual([5, 5]);
});
