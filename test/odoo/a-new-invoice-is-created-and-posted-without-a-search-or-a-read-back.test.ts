/**
 * A Stripe invoice written on its first attempt (its customer already in Odoo): nothing can have
 * made it yet, so it is created without searching by its ref, and posted without reading back the
 * state of the draft it just created.
 */
import { expect, it } from "vitest";
import { createTenant, odooCalls, odooSearchRead, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import invoicePaid from "../fixtures/stripe/invoice.paid.json?raw";

const SECRET = "whsec_invoice_calls_81f3";

async function post(t: Awaited<ReturnType<typeof createTenant>>, body: string) {
  const header = await stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
  return ((await (await postWebhook(t, "stripe", body, { "stripe-signature": header })).json()) as { eventId: string }).eventId;
}

it("a paid invoice whose customer is in Odoo is created and posted: no search by its ref, no read of its state", async () => {
  const t = await createTenant();
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET] })).status).toBe(201);
  expect((await waitForStatus(t, await post(t, customerCreated), ["delivered", "dead"])).status).toBe("delivered");
  await fetch(`${t.odooUrl}/__emulator/calls`, { method: "DELETE" });

  const invoice = await waitForStatus(t, await post(t, invoicePaid), ["delivered", "dead"], 20_000);
  expect(invoice.status, JSON.stringify(invoice.error)).toBe("delivered");
  const calls = (await odooCalls(t)).filter((c) => c.model).map((c) => `${c.model}.${c.method}`);
  // Cold isolate: the currency and the two schemas are read once; then one create and one post.
  expect(calls).toEqual(["res.currency.search", "account.move.fields_get", "account.move.line.fields_get", "account.move.create", "account.move.action_post"]);
  const [move] = await odooSearchRead<{ state: string; ref: string }>(t, "account.move", ["state", "ref"]);
  expect(move).toMatchObject({ state: "posted", ref: "stripe:in_1Pgc6tB7WZ01zgkWu9fdqL6I" });
});
