import { expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { woocommerceApi } from "../../src/providers/woocommerce-api";
import { trivialGate } from "../support/provider-api-session";
import { shipmentScenario } from "../support/shipment";
import { uniqueId } from "../support/shopify";

async function wooControl<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

it("a WooCommerce order gets one customer note per delivery with tracking, and is completed once all of it left, also after a lost answer", async () => {
  const s = await shipmentScenario("17.0");
  const host = `https://${uniqueId("woo")}.woo.test`;
  await wooControl(`${host}/__fake/seed`, { consumerKey: "ck", consumerSecret: "cs", orders: [{ id: 77, status: "processing", date_modified_gmt: "2026-12-01T10:00:00" }] });
  await s.mapOrder("woo", "77");
  s.useTargets({ sourceId: "woo", provider: "woocommerce", session: createApiSession({ api: woocommerceApi, credentials: { consumerKey: "ck", consumerSecret: "cs", baseUrl: host }, gate: trivialGate }) });
  const counters = () => wooControl<{ emails: { completed: number; customerNotes: number } }>(`${host}/__fake/counters`);

  const first = await s.validate(s.picking, 2, "JD0001");
  const firstSend = await s.send(s.picking);
  expect(firstSend.writes).toMatchObject([
    { objectKey: "note:" + s.picking + "@order/77", status: "sent" },
    { objectKey: "status:order/77", status: "skipped", reason: "part of the order is still to deliver in Odoo" },
  ]);

  // The rest leaves; the answer to its note is lost after WooCommerce stored it.
  const backorder = first.backorder_ids[0]!;
  await s.validate(backorder, 3, "JD0002");
  await wooControl(`${host}/__fake/faults`, [{ status: 504, body: "<html>Gateway Timeout</html>", commit: true }]);
  await expect(s.send(backorder)).rejects.toBeInstanceOf(ProviderApiError);
  // The retry lists the notes, finds it, adds none, and completes the order.
  expect((await s.send(backorder)).writes).toMatchObject([
    { status: "unchanged" },
    { objectKey: "status:order/77", status: "sent", value: "completed" },
  ]);
  expect((await s.send(backorder)).writes).toMatchObject([{ status: "unchanged" }, { status: "unchanged" }]);
  expect((await counters()).emails).toEqual({ completed: 1, customerNotes: 2 });
});
