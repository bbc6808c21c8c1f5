/**
 * An invoice's first attempt creates it without searching by its ref (nothing can have made it);
 * when Odoo commits the create but the answer is lost, the retry finds it by its ref and posts it.
 */
import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooSearchRead, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import invoicePaid from "../fixtures/stripe/invoice.paid.json?raw";

const SECRET = "whsec_invoice_lost_2b7d";

async function post(t: Awaited<ReturnType<typeof createTenant>>, body: string) {
  const header = await stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
  return ((await (await postWebhook(t, "stripe", body, { "stripe-signature": header })).json()) as { eventId: string }).eventId;
}

it("an invoice whose create answer was lost after Odoo committed it is found by its ref and posted, not created twice", async () => {
  const t = await createTenant();
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET] })).status).toBe(201);
  expect((await waitForStatus(t, await post(t, customerCreated), ["delivered", "dead"])).status).toBe("delivered");
  await injectOdooFaults(t, [{ kind: "lost_response", model: "account.move", method: "create", times: 1 }]);

  const invoice = await waitForStatus(t, await post(t, invoicePaid), ["delivered", "dead"], 20_000);
  expect(invoice.status, JSON.stringify(invoice.error)).toBe("delivered");
  expect(invoice.attempts).toBe(2);
  const moves = await odooSearchRead<{ state: string; ref: string }>(t, "account.move", ["state", "ref"]);
  expect(moves).toEqual([expect.objectContaining({ state: "posted", ref: "stripe:in_1Pgc6tB7WZ01zgkWu9fdqL6I" })]);
});
