import { describe, expect, it } from "vitest";
import { dealValuesOf, invoiceStatusOf, type InvoiceState } from "../../src/outbound/flows/invoice-status";

const posted = (paymentState: string, residual: number, total = 100): InvoiceState => ({
  name: "INV/2026/00007",
  state: "posted",
  paymentState,
  amountTotal: total,
  amountResidual: residual,
  currency: "EUR",
});

describe("invoiceStatusOf", () => {
  it.each([
    ["not_paid", 100, "posted", 100, 0],
    ["partial", 60, "partial", 60, 40],
    ["in_payment", 0, "paid", 0, 100],
    ["paid", 0, "paid", 0, 100],
    ["invoicing_legacy", 0, "paid", 0, 100],
    ["reversed", 0, "reversed", 0, 0],
    ["blocked", 100, "blocked", 100, 0],
  ])("payment_state %s (residual %d) is %s, due %d, paid %d", (paymentState, residual, status, due, paid) => {
    expect(invoiceStatusOf(posted(paymentState, residual))).toEqual({ status, amountDue: due, amountPaid: paid, currency: "EUR", number: "INV/2026/00007" });
  });

  it("a draft or cancelled invoice owes nothing", () => {
    expect(invoiceStatusOf({ ...posted("not_paid", 100), state: "draft" })).toMatchObject({ status: "draft", amountDue: 0, amountPaid: 0 });
    expect(invoiceStatusOf({ ...posted("not_paid", 100), state: "cancel" })).toMatchObject({ status: "cancelled", amountDue: 0, amountPaid: 0 });
  });

  it("amounts are rounded to cents", () => {
    expect(invoiceStatusOf(posted("partial", 33.333, 100))).toMatchObject({ amountDue: 33.33, amountPaid: 66.67 });
  });
});

describe("dealValuesOf", () => {
  const values = invoiceStatusOf(posted("partial", 60.5));

  it("uses each provider's documented defaults when the routing names no property", () => {
    expect(dealValuesOf(values, "hubspot", {})).toEqual({ values: { odoo_invoice_status: "partial", odoo_amount_due: "60.5", odoo_amount_paid: "39.5" }, unknown: [] });
    expect(dealValuesOf(values, "salesforce", {})).toEqual({ values: { Odoo_Invoice_Status__c: "partial", Odoo_Amount_Due__c: 60.5, Odoo_Amount_Paid__c: 39.5 }, unknown: [] });
  });

  it("sends exactly the properties the routing names, and reports names that are no invoice field", () => {
    expect(dealValuesOf(values, "hubspot", { status: "invoice_state", number: "invoice_no", paidOn: "x" })).toEqual({
      values: { invoice_state: "partial", invoice_no: "INV/2026/00007" },
      unknown: ["paidOn"],
    });
  });
});
