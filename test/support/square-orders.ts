/**
 * A Square Order as the Orders API returns it (fields from Square's Order object reference), the
 * order of the test/fixtures/square order webhooks by default, and helpers for the Square fake
 * (test/support/provider-fakes/square.mjs).
 */
import squareFake from "./provider-fakes/square.mjs";

export function squareOrder(overrides: Record<string, unknown> = {}) {
  return {
    id: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY",
    location_id: "FPYCBCHYMXFK1",
    reference_id: "WEB-1001",
    customer_id: "QPTXM8PQNX3Q726ZYHPMNP46XC",
    state: "OPEN",
    version: 2,
    created_at: "2020-04-16T23:14:26.129Z",
    updated_at: "2020-04-16T23:14:26.359Z",
    line_items: [
      {
        uid: "8uSwfzvUImn3IRrvciqlXC",
        catalog_object_id: "BSOL4BB6RCMX6SH4KQIFWZDP",
        name: "Coffee Mug",
        variation_name: "Large",
        quantity: "2",
        base_price_money: { amount: 1200, currency: "USD" },
        total_discount_money: { amount: 240, currency: "USD" },
        total_money: { amount: 2160, currency: "USD" },
      },
    ],
    fulfillments: [
      {
        uid: "bDa7PA2Ur9aPMqUE1Vn3lD",
        type: "SHIPMENT",
        state: "PROPOSED",
        shipment_details: {
          recipient: {
            display_name: "Jane Roe",
            email_address: "jane.roe@example.test",
            phone_number: "+15555550100",
            address: { address_line_1: "1 Test Street", locality: "Ottawa", administrative_district_level_1: "ON", postal_code: "K2P 1L4", country: "CA" },
          },
        },
      },
    ],
    tenders: [{ id: "tender-1", type: "CARD", amount_money: { amount: 2160, currency: "USD" } }],
    total_money: { amount: 2160, currency: "USD" },
    net_amount_due_money: { amount: 0, currency: "USD" },
    ...overrides,
  };
}

/** The fake's fetch, as a session's `fetch`. */
export const squareFakeFetch = (input: RequestInfo | URL, init?: RequestInit) => squareFake.fetch(new Request(input, init));

const control = (path: string, body: Record<string, unknown>) =>
  squareFake.fetch(new Request(`https://connect.squareup.com/__fake/${path}`, { method: "POST", body: JSON.stringify(body) }));

export async function seedSquare(token: string, body: Record<string, unknown>): Promise<void> {
  const response = await control("seed", { token, ...body });
  if (!response.ok) throw new Error(`seeding the Square fake failed: ${response.status}`);
}

export async function squareFaults(token: string, faults: Record<string, unknown>[]): Promise<void> {
  await control("faults", { token, faults });
}

export interface SquareCounters {
  calls: number;
  byPath: Record<string, number>;
  batchRetrieveIds: number[];
  rateLimited: number;
  unauthorized: number;
  maxConcurrent: number;
  squareVersions: (string | null)[];
}

export async function squareCounters(token: string): Promise<SquareCounters> {
  return (await squareFake.fetch(new Request(`https://connect.squareup.com/__fake/counters?token=${encodeURIComponent(token)}`))).json();
}
