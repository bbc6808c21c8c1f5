import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";
import chargeRefunded from "../fixtures/stripe/charge.refunded.json";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import invoicePaid from "../fixtures/stripe/invoice.paid.json?raw";
import paymentSucceeded from "../fixtures/stripe/payment_intent.succeeded.json";

const SECRET = "whsec_eur_5e2c";
const INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I";

async function deliver(t: Awaited<ReturnType<typeof createTenant>>, body: string) {
  const header = await stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
  const response = await postWebhook(t, "stripe", body, { "stripe-signature": header });
  expect(response.status).toBe(202);
  const event = await waitForStatus(t, ((await response.json()) as { eventId: string }).eventId, ["delivered", "dead"], 20_000);
  expect(event.status, JSON.stringify(event.error)).toBe("delivered");
  return event;
}

it("a Stripe EUR invoice is created in EUR (currency_id), and its payment and credit note are EUR and settle it exactly", async () => {
  // The emulated company currency is USD (EUR is 0.9 per USD): an invoice left in USD would be
  // over-settled by a converted EUR payment, and its credit note would be in USD.
  const t = await createTenant({ odooVersion: "18.0" });
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET] })).status).toBe(201);
  await deliver(t, customerCreated);
  await deliver(t, invoicePaid.replaceAll('"usd"', '"eur"'));
  const euros = { currency: "eur", invoice: INVOICE, amount: 1000, amount_received: 1000 };
  await deliver(t, JSON.stringify({ ...paymentSucceeded, data: { object: { ...paymentSucceeded.data.object, ...euros } } }));

  type Move = { move_type: string; state: string; payment_state: string; amount_total: number; amount_residual: number; currency_id: [number, string] };
  const moves = () => odooSearchRead<Move>(t, "account.move", ["move_type", "state", "payment_state", "amount_total", "amount_residual", "currency_id"]);
  const [invoice] = await moves();
  expect(invoice).toMatchObject({ move_type: "out_invoice", state: "posted", amount_total: 10, amount_residual: 0, payment_state: "in_payment" });
  expect(invoice!.currency_id[1]).toBe("EUR");

  const refund = { ...chargeRefunded.data.object, currency: "eur", amount: 1000, amount_refunded: 1000, refunded: true };
  await deliver(t, JSON.stringify({ ...chargeRefunded, id: "evt_refund_eur", created: chargeRefunded.created + 60, data: { object: refund } }));
  const notes = (await moves()).filter((m) => m.move_type === "out_refund");
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({ state: "posted", amount_total: 10, amount_residual: 0 });
  expect(notes[0]!.currency_id[1]).toBe("EUR");

  const payments = await odooSearchRead<{ payment_type: string; amount: number; currency_id: [number, string] }>(t, "account.payment", [
    "payment_type",
    "amount",
    "currency_id",
  ]);
  expect(payments.map((p) => [p.payment_type, p.amount, p.currency_id[1]]).sort()).toEqual([
    ["inbound", 10, "EUR"],
    ["outbound", 10, "EUR"],
  ]);
});
