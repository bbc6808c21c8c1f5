import { describe, expect, it } from "vitest";
import { accountStatusOf, accountValuesOf, type ReceivableMove } from "../../src/outbound/flows/account-status";

const TODAY = "2026-12-07";
const invoice = (residualSigned: number, dueDate: string | null, paymentState = "not_paid"): ReceivableMove => ({ moveType: "out_invoice", residualSigned, dueDate, paymentState });

describe("accountStatusOf", () => {
  it("adds what is due, counts invoices due before today as overdue, and subtracts open credit notes", () => {
    const moves = [invoice(200, "2026-11-30", "partial"), invoice(150, TODAY), invoice(50, null), { moveType: "out_refund", residualSigned: -30, dueDate: "2026-01-01", paymentState: "not_paid" }];
    expect(accountStatusOf(moves, null, TODAY, "USD")).toEqual({ amountDue: 370, overdue: 200, creditHold: false, creditLimit: null, currency: "USD" });
  });

  it("a blocked invoice (18+: do not chase) is due but not overdue", () => {
    expect(accountStatusOf([invoice(80, "2026-01-01", "blocked")], null, TODAY, null)).toMatchObject({ amountDue: 80, overdue: 0 });
  });

  it("credit hold: a limit above 0 is set and the amount due is above it", () => {
    expect(accountStatusOf([invoice(300.01, TODAY)], 300, TODAY, null).creditHold).toBe(true);
    expect(accountStatusOf([invoice(300, TODAY)], 300, TODAY, null).creditHold).toBe(false);
    // 0 is Odoo's "no limit" (use_partner_credit_limit is off).
    expect(accountStatusOf([invoice(1e6, TODAY)], 0, TODAY, null)).toMatchObject({ creditHold: false, creditLimit: null });
  });

  it("overdue never exceeds what is due once credit notes are counted", () => {
    const moves = [invoice(100, "2026-01-01"), { moveType: "out_refund", residualSigned: -100, dueDate: null, paymentState: "not_paid" }];
    expect(accountStatusOf(moves, null, TODAY, null)).toMatchObject({ amountDue: 0, overdue: 0 });
  });
});

describe("accountValuesOf", () => {
  const status = accountStatusOf([invoice(1234.5, "2026-01-01")], 1000, TODAY, "EUR");

  it("Zendesk takes numbers and booleans under the documented default keys", () => {
    expect(accountValuesOf(status, "zendesk", {})).toEqual({ values: { odoo_amount_due: 1234.5, odoo_overdue: 1234.5, odoo_credit_hold: true }, unknown: [] });
  });

  it("HubSpot takes text, in the routing's names; unknown canonical names are reported", () => {
    expect(accountValuesOf(status, "hubspot", { amountDue: "balance", creditHold: "on_hold", creditLimit: "limit", risk: "r" })).toEqual({
      values: { balance: "1234.5", on_hold: "true", limit: "1000" },
      unknown: ["risk"],
    });
  });
});
