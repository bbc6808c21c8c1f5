import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { wooAddCustomerNote, wooCompleteOrder, wooOrderNotes, wooOrderStatus, woocommerceApi } from "../../src/providers/woocommerce-api";
import * as fake from "../support/provider-fakes/woocommerce.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

async function shop() {
  const host = `https://${uniqueId("ship")}.woo.test`;
  await control(fake, `${host}/__fake/seed`, { consumerKey: "ck", consumerSecret: "cs", orders: [{ id: 77, status: "processing", date_modified_gmt: "2026-12-01T10:00:00" }] });
  return { host, session: sessionOn(fake, woocommerceApi, { consumerKey: "ck", consumerSecret: "cs", baseUrl: host }) };
}

describe("WooCommerce order completion and notes", () => {
  it("reads the status, completes the order (one email) and adds a customer note it can list", async () => {
    const { host, session } = await shop();
    expect(await wooOrderStatus(session, "77")).toEqual({ id: "77", status: "processing" });
    expect(await wooOrderNotes(session, "77")).toEqual([]);
    await wooAddCustomerNote(session, "77", "Shipped (WH/OUT/00007) via DHL: tracking JD1");
    expect(await wooOrderNotes(session, "77")).toEqual(["Shipped (WH/OUT/00007) via DHL: tracking JD1"]);
    expect(await wooCompleteOrder(session, "77")).toEqual({ id: "77", status: "completed" });
    const counters = await control<{ emails: { completed: number; customerNotes: number } }>(fake, `${host}/__fake/counters`);
    expect(counters.emails).toEqual({ completed: 1, customerNotes: 1 });
  });

  it("an order the shop no longer has is null; a refused status is a data error", async () => {
    const { session } = await shop();
    expect(await wooOrderStatus(session, "404")).toBeNull();
    const refused = await session.request({ method: "PUT", path: "/wp-json/wc/v3/orders/77", json: { status: "shipped" }, what: "status" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderApiError);
    expect((refused as ProviderApiError).category).toBe("data");
  });
});
