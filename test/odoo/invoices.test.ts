import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import invoicePaid from "../fixtures/stripe/invoice.paid.json?raw";

const SECRET = "whsec_invoices_5c2e8a";

async function post(t: Awaited<ReturnType<typeof createTenant>>, body: string) {
  const header = await stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
  const response = await postWebhook(t, "stripe", body, { "stripe-signature": header });
  return ((await response.json()) as { eventId: string }).eventId;
}

it("a paid Stripe invoice waits for its customer, then becomes a posted customer invoice (account.move) with its lines", async () => {
  const t = await createTenant();
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET] })).status).toBe(201);

  // The invoice first: its customer is not in Odoo yet, so the write is retried, not dead.
  const invoiceId = await post(t, invoicePaid);
  await expect.poll(async () => (await waitForStatus(t, invoiceId, ["retrying", "delivered", "dead"])).status, { timeout: 10_000 }).toBe("retrying");
  const waiting = await waitForStatus(t, invoiceId, ["retrying"]);
  expect(waiting.error?.message).toContain("waits for customer cus_QXg1o8vcGmoR32");

  expect((await waitForStatus(t, await post(t, customerCreated), ["delivered", "dead"])).status).toBe("delivered");
  expect((await waitForStatus(t, invoiceId, ["delivered", "dead"], 20_000)).status).toBe("delivered");

  const [move] = await odooSearchRead<{ move_type: string; state: string; ref: string; partner_id: [number, string]; amount_total: number }>(
    t,
    "account.move",
    ["move_type", "state", "ref", "partner_id", "amount_total"],
  );
  expect(move).toMatchObject({ move_type: "out_invoice", state: "posted", ref: "stripe:in_1Pgc6tB7WZ01zgkWu9fdqL6I" });
  expect(move!.partner_id[1]).toBe("Jenny Rosen");
  expect(move!.amount_total).toBeGreaterThan(0);
});
