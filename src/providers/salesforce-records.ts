/**
 * Salesforce records as canonical data, shared by the webhook module (src/providers/salesforce.ts:
 * the sObject of an outbound message) and the API client (src/providers/salesforce-api.ts: SOQL
 * rows), which carry the same fields by API name. Values are text as the outbound message writes
 * them (the API client turns JSON numbers and booleans into that text).
 */
import type { Address, CompanyData, CustomerData, DealData } from "../events/canonical";
import { MalformedPayloadError } from "./provider";
import { minorUnits } from "./required-values";
import { entityRef, fullName } from "./json-values";

/** A record's fields by API name; nil and empty fields are absent. */
export type Fields = Record<string, string | undefined>;

const v = (fields: Fields, name: string): string | null => fields[name] ?? null;

/** Salesforce street fields are multi-line: the first line is the street, the rest street2. */
function address(fields: Fields, prefix: "Billing" | "Mailing", name: string | null, company: string | null, phone: string | null): Address | null {
  const street = v(fields, `${prefix}Street`);
  const [line1, ...rest] = street ? street.split(/\r?\n/) : [];
  const country = v(fields, `${prefix}CountryCode`) ?? (/^[A-Za-z]{2}$/.test(fields[`${prefix}Country`] ?? "") ? v(fields, `${prefix}Country`) : null);
  const result: Address = {
    name,
    company,
    street: line1?.trim() || null,
    street2: rest.join(", ").trim() || null,
    city: v(fields, `${prefix}City`),
    zip: v(fields, `${prefix}PostalCode`),
    stateCode: v(fields, `${prefix}StateCode`) ?? v(fields, `${prefix}State`),
    countryCode: country?.toUpperCase() ?? null,
    phone,
  };
  const located = result.street || result.city || result.zip || result.stateCode || result.countryCode;
  return located ? result : null;
}

function domainOf(website: string | null): string | null {
  if (!website) return null;
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`).hostname;
    return host.replace(/^www\./i, "") || null;
  } catch {
    return null;
  }
}

export function companyData(f: Fields): CompanyData {
  const name = v(f, "Name") ?? "(unnamed account)";
  const phone = v(f, "Phone");
  return {
    name,
    domain: domainOf(v(f, "Website")),
    email: null,
    phone,
    vat: null,
    address: address(f, "Billing", null, name, phone),
  };
}

export function customerData(f: Fields): CustomerData {
  const phone = v(f, "Phone") ?? v(f, "MobilePhone");
  const name = fullName(v(f, "FirstName"), v(f, "LastName")) ?? v(f, "Name");
  return {
    email: v(f, "Email"),
    firstName: v(f, "FirstName"),
    lastName: v(f, "LastName"),
    phone,
    // A Contact's account arrives as AccountId only (its name is not in the message): the
    // contact is linked to the company partner written from the Account's own message.
    company: null,
    address: address(f, "Mailing", name, null, phone),
    parentCompany: entityRef("company", v(f, "AccountId")),
  };
}

export function dealData(f: Fields, options: { currency?: string | undefined }, what: string): DealData {
  const currency = (v(f, "CurrencyIsoCode") ?? options.currency ?? null)?.toUpperCase() ?? null;
  const rawAmount = v(f, "Amount");
  let amount: DealData["amount"] = null;
  if (rawAmount) {
    const n = Number(rawAmount);
    if (!Number.isFinite(n)) throw new MalformedPayloadError(`${what} has a non-numeric Amount "${rawAmount}"`);
    // xsd:double may arrive in exponent form ("1.2E7"): rewrite it as a plain decimal first.
    const plain = /e/i.test(rawAmount) ? n.toFixed(6) : rawAmount;
    amount = { amount: minorUnits(plain, currency, "Amount"), currency };
  }
  const isClosed = v(f, "IsClosed");
  const isWon = v(f, "IsWon");
  const status = isClosed === "false" ? "open" : isClosed === "true" || isWon === "true" ? (isWon === "true" ? "won" : "lost") : null;
  return {
    title: v(f, "Name"),
    amount,
    stage: v(f, "StageName"),
    status,
    company: entityRef("company", v(f, "AccountId")),
    contact: entityRef("customer", v(f, "ContactId")),
    closeDate: v(f, "CloseDate"),
    changes: null,
  };
}
