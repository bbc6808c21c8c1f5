/**
 * QuickBooks Online and Xero objects as their APIs return them (field names and shapes from
 * Intuit's API reference samples and XeroAPI/Xero-OpenAPI `xero_accounting.yaml` examples), to seed
 * the provider fakes in tests.
 */

export const uniqueRealm = () => String(9_000_000_000 + Math.floor(Math.random() * 999_999_999));

export function qboCustomer(id: string, overrides: Record<string, unknown> = {}) {
  return {
    Id: id,
    GivenName: "Amy",
    FamilyName: "Lauterbach",
    DisplayName: "Amy's Bird Sanctuary",
    CompanyName: "Amy's Bird Sanctuary",
    PrimaryEmailAddr: { Address: "birds@intuit.com" },
    PrimaryPhone: { FreeFormNumber: "(650) 555-3311" },
    BillAddr: { Id: "2", Line1: "4581 Finch St.", City: "Bayshore", CountrySubDivisionCode: "CA", PostalCode: "94326", Country: "US" },
    CurrencyRef: { value: "USD", name: "United States Dollar" },
    Balance: 0,
    ...overrides,
  };
}

export function qboItem(id: string, overrides: Record<string, unknown> = {}) {
  return { Id: id, Name: "Garden Rocks", Sku: `ROCK-${id}`, Type: "NonInventory", UnitPrice: 12.5, Description: "Decorative rocks", ...overrides };
}

/** An invoice of one 2 x 12.50 line plus 2.00 tax: 27.00, open for `balance`. */
export function qboInvoice(id: string, customerId: string, itemId: string, balance = 27, overrides: Record<string, unknown> = {}) {
  return {
    Id: id,
    DocNumber: `10${id}`,
    TxnDate: "2026-12-01",
    DueDate: "2026-12-31",
    CurrencyRef: { value: "USD", name: "United States Dollar" },
    CustomerRef: { value: customerId, name: "Amy's Bird Sanctuary" },
    Line: [
      { Id: "1", LineNum: 1, Description: "Garden rocks", Amount: 25, DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: itemId, name: "Garden Rocks" }, UnitPrice: 12.5, Qty: 2, TaxCodeRef: { value: "TAX" } } },
      { Amount: 25, DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} },
    ],
    TxnTaxDetail: { TotalTax: 2 },
    TotalAmt: 27,
    Balance: balance,
    ...overrides,
  };
}

export function qboPayment(id: string, customerId: string, invoiceId: string, amount: number, overrides: Record<string, unknown> = {}) {
  return {
    Id: id,
    TxnDate: "2026-12-02",
    CurrencyRef: { value: "USD", name: "United States Dollar" },
    CustomerRef: { value: customerId, name: "Amy's Bird Sanctuary" },
    TotalAmt: amount,
    UnappliedAmt: 0,
    PaymentRefNum: `CHK-${id}`,
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: "Invoice" }] }],
    ...overrides,
  };
}

export const xeroDate = (ms: number) => `/Date(${ms}+0000)/`;

export function xeroContact(contactId: string, overrides: Record<string, unknown> = {}) {
  return {
    ContactID: contactId,
    ContactStatus: "ACTIVE",
    Name: "Ridgeway University",
    FirstName: "Katherine",
    LastName: "Warren",
    EmailAddress: "kat.warren@ridgeway.example",
    Addresses: [
      { AddressType: "POBOX", AddressLine1: "P O Box 8799", City: "Ridge Heights", Region: "", PostalCode: "42811", Country: "NZ" },
      { AddressType: "STREET", AddressLine1: "" },
    ],
    Phones: [{ PhoneType: "DEFAULT", PhoneNumber: "555-1234", PhoneAreaCode: "415", PhoneCountryCode: "" }],
    IsCustomer: true,
    ...overrides,
  };
}

/** An AUTHORISED sales invoice: 2 x 20.00 exclusive of 6.00 tax = 46.00. */
export function xeroInvoice(invoiceId: string, contactId: string, overrides: Record<string, unknown> = {}) {
  return {
    Type: "ACCREC",
    InvoiceID: invoiceId,
    InvoiceNumber: `INV-${invoiceId.slice(0, 4)}`,
    Reference: "Red Fish, Blue Fish",
    Contact: { ContactID: contactId, Name: "Ridgeway University" },
    DateString: "2026-12-01T00:00:00",
    Date: xeroDate(Date.UTC(2026, 11, 1)),
    DueDateString: "2026-12-31T00:00:00",
    DueDate: xeroDate(Date.UTC(2026, 11, 31)),
    Status: "AUTHORISED",
    LineAmountTypes: "Exclusive",
    LineItems: [{ LineItemID: crypto.randomUUID(), Description: "Consulting", Quantity: 2, UnitAmount: 20, ItemCode: "CONS", TaxAmount: 6, LineAmount: 40, AccountCode: "200" }],
    SubTotal: 40,
    TotalTax: 6,
    Total: 46,
    AmountDue: 46,
    AmountPaid: 0,
    AmountCredited: 0,
    CurrencyCode: "NZD",
    Payments: [],
    ...overrides,
  };
}
