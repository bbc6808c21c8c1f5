import { expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { paypalApi, PAYPAL_SANDBOX } from "../../src/providers/paypal-api";
import { rotatingTokens, trivialGate } from "../support/provider-api-session";
import { shipmentScenario } from "../support/shipment";
import { uniqueId } from "../support/shopify";

const CAPTURE = "3C679366HH908993F";
const PAYPAL_ORDER = "5O190127TN364715T";

async function paypalControl<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${PAYPAL_SANDBOX}/__fake/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

it("a delivery of an order paid by a PayPal capture gets one tracker per tracking number, none twice after a lost answer", async () => {
  const s = await shipmentScenario("18.0");
  await s.validate(s.picking, 5, "JD0001,JD0002");

  // The order was invoiced and paid through PayPal: the payment writer's memo names the capture.
  const context = { active_model: "sale.order", active_ids: [s.order] };
  const wizard = await s.rpc<number>("sale.advance.payment.inv", "create", [{ advance_payment_method: "delivered", sale_order_ids: [[6, 0, [s.order]]] }], { context });
  await s.rpc("sale.advance.payment.inv", "create_invoices", [[wizard]], { context });
  const [invoice] = await s.rpc<number[]>("account.move", "search", [[["move_type", "=", "out_invoice"]]], { order: "id desc", limit: 1 });
  await s.rpc("account.move", "action_post", [[invoice]]);
  const paid = await fetch(`${s.t.odooUrl}/__emulator/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ invoice_id: invoice }) });
  expect(paid.ok).toBe(true);
  const [payment] = await s.rpc<number[]>("account.payment", "search", [[]], { order: "id desc", limit: 1 });
  await s.rpc("account.payment", "write", [[payment], { memo: `paypal:${CAPTURE}` }]);

  const clientId = uniqueId("app");
  await paypalControl("seed", { clientId, clientSecret: "secret", orders: [{ id: PAYPAL_ORDER, captureId: CAPTURE }] });
  const credentials = { clientId, clientSecret: "secret", baseUrl: PAYPAL_SANDBOX };
  s.useTargets({ sourceId: "paypal", provider: "paypal", session: createApiSession({ api: paypalApi, credentials, gate: trivialGate, tokens: rotatingTokens(paypalApi, credentials, fetch) }) });

  // The first tracker's answer is lost after PayPal stored it.
  await paypalControl("faults", { clientId, faults: [{ status: 502, body: "html", commit: true }] });
  await expect(s.send(s.picking)).rejects.toBeInstanceOf(ProviderApiError);
  expect((await s.send(s.picking)).writes).toMatchObject([{ objectKey: `tracker:${s.picking}@${PAYPAL_ORDER}`, status: "sent", value: { numbers: ["JD0001", "JD0002"] } }]);
  expect((await s.send(s.picking)).writes).toMatchObject([{ status: "unchanged" }]);

  const counters = await paypalControl<{ tracks: number; tokens: number }>(`counters?clientId=${clientId}`);
  expect(counters).toMatchObject({ tracks: 2, tokens: 1 });
});

it("an order not paid through PayPal sends no tracker", async () => {
  const s = await shipmentScenario("19.0");
  await s.validate(s.picking, 5, "JD0001");
  const clientId = uniqueId("app");
  await paypalControl("seed", { clientId, clientSecret: "secret" });
  const credentials = { clientId, clientSecret: "secret", baseUrl: PAYPAL_SANDBOX };
  s.useTargets({ sourceId: "paypal", provider: "paypal", session: createApiSession({ api: paypalApi, credentials, gate: trivialGate, tokens: rotatingTokens(paypalApi, credentials, fetch) }) });
  expect((await s.send(s.picking)).writes).toMatchObject([{ status: "skipped", reason: "the order was not paid through a PayPal capture of this source" }]);
  expect((await paypalControl<{ calls: number }>(`counters?clientId=${clientId}`)).calls).toBe(0);
});
