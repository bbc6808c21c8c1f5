import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { salesforceApi, updateSalesforceRecord } from "../../src/providers/salesforce-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import salesforceFake from "../support/provider-fakes/salesforce.mjs";

const OPPORTUNITY = "006000000000042AAA";

async function org(spec: Record<string, unknown> = {}) {
  const instance = `https://${uniqueId("org")}.my.salesforce.com`;
  await control(salesforceFake, `${instance}/__fake/org`, { clientId: "c", clientSecret: "s", refreshToken: "r", ...spec });
  await control(salesforceFake, `${instance}/__fake/records`, { sObject: "Opportunity", records: [{ Id: OPPORTUNITY, Name: "Deal", StageName: "Prospecting", SystemModstamp: "2026-12-01T10:00:00Z" }] });
  await control(salesforceFake, `${instance}/__fake/fields`, { sObject: "Opportunity", fields: [{ name: "Odoo_Invoice_Status__c", type: "picklist" }, { name: "Odoo_Amount_Due__c", type: "currency" }] });
  return { instance, session: sessionOn(salesforceFake, salesforceApi, { instanceUrl: instance, clientId: "c", clientSecret: "s", refreshToken: "r", loginUrl: instance }) };
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => err as ProviderApiError);

describe("updateSalesforceRecord (PATCH /services/data/v66.0/sobjects/Opportunity/{id})", () => {
  it("sets the fields (204) and names the router in Sforce-Call-Options", async () => {
    const { instance, session } = await org();
    await updateSalesforceRecord(session, "Opportunity", OPPORTUNITY, { Odoo_Invoice_Status__c: "paid", Odoo_Amount_Due__c: 0 });
    expect(await control(salesforceFake, `${instance}/__fake/updates`)).toEqual([
      { sObject: "Opportunity", id: OPPORTUNITY, fields: { Odoo_Invoice_Status__c: "paid", Odoo_Amount_Due__c: 0 }, callOptions: "client=odoo-router" },
    ]);
  });

  it("a field the org lacks is INVALID_FIELD: a config error", async () => {
    const { session } = await org();
    const err = await failure(updateSalesforceRecord(session, "Opportunity", OPPORTUNITY, { Odoo_Amount_Paid__c: 10 }));
    expect(err).toMatchObject({ category: "config", status: 400 });
    expect(err!.message).toContain("INVALID_FIELD");
  });

  it("text in a currency field is bad data; an unknown record is not_found; a malformed id is refused before any call", async () => {
    const { instance, session } = await org();
    expect(await failure(updateSalesforceRecord(session, "Opportunity", OPPORTUNITY, { Odoo_Amount_Due__c: "abc" }))).toMatchObject({ category: "data", status: 400 });
    expect(await failure(updateSalesforceRecord(session, "Opportunity", "006000000000099AAA", { Odoo_Amount_Due__c: 1 }))).toMatchObject({ category: "not_found", status: 404 });
    expect(await failure(updateSalesforceRecord(session, "Opportunity", "../query", { Odoo_Amount_Due__c: 1 }))).toMatchObject({ category: "data", status: null });
    expect(await control(salesforceFake, `${instance}/__fake/updates`)).toEqual([]);
  });

  it("an org past its daily allocation answers REQUEST_LIMIT_EXCEEDED: transient, with a wait", async () => {
    const { session } = await org({ dailyLimit: 5, used: 5 });
    const err = await failure(updateSalesforceRecord(session, "Opportunity", OPPORTUNITY, { Odoo_Invoice_Status__c: "paid" }));
    expect(err).toMatchObject({ category: "transient", status: 403 });
    expect(err!.retryAfterSeconds).toBeGreaterThan(0);
  });
});
