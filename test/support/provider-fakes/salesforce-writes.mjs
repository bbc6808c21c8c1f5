// The Salesforce fake's record updates (the way back, issue #17): `PATCH
// /services/data/vXX.X/sobjects/{sObject}/{id}` with the fields to set, as the REST API answers it
// ("sObject Rows", "Status Codes and Error Responses"): 204 No Content; errors are a JSON array
// `[{message, errorCode, fields}]`:
// - a field the object does not have: 400 `INVALID_FIELD` "No such column 'X' on sobject of type
//   Opportunity";
// - a read-only field (Id, IsWon, SystemModstamp...): 400 `INVALID_FIELD_FOR_INSERT_UPDATE`;
// - a value of the wrong type (text in a currency field): 400 `JSON_PARSER_ERROR`;
// - an unknown or deleted record: 404 `NOT_FOUND` / `ENTITY_IS_DELETED`; a malformed id 400
//   `MALFORMED_ID`.
// The org's daily allocation (salesforce.mjs) counts these calls like any other; every update is
// logged with its `Sforce-Call-Options` header.
//
// Control (tests only), on the instance host:
//   POST /__fake/fields    {sObject, fields:[{name, type: "string"|"picklist"|"currency"|"double"|"boolean"}]}  custom fields
//   GET  /__fake/updates   [{sObject, id, fields, callOptions}]

import { json } from "./crm-fake-kit.mjs";

/** Writable standard fields per object and their type; anything else standard is read-only. */
const WRITABLE = {
  Account: { Name: "string", Phone: "string", Website: "string", Type: "picklist", Industry: "picklist", BillingStreet: "string", BillingCity: "string", BillingPostalCode: "string", BillingState: "string", BillingCountry: "string" },
  Contact: { FirstName: "string", LastName: "string", Email: "string", Phone: "string", MobilePhone: "string", Title: "string", AccountId: "string" },
  Opportunity: { Name: "string", Amount: "currency", StageName: "picklist", CloseDate: "string", Probability: "double", AccountId: "string", Description: "string" },
};
const READ_ONLY = ["Id", "IsDeleted", "IsClosed", "IsWon", "SystemModstamp", "LastModifiedDate", "CreatedDate", "ContactId"];

/** org -> { custom: {sObject: {name: type}}, updates: [] } */
const extras = new WeakMap();
function extraOf(org) {
  let extra = extras.get(org);
  if (!extra) {
    extra = { custom: { Account: {}, Contact: {}, Opportunity: {} }, updates: [] };
    extras.set(org, extra);
  }
  return extra;
}

const sfError = (status, errorCode, message, fields = []) => json(status, [{ message, errorCode, fields }]);

function typeError(type, value) {
  if (value === null) return null;
  if ((type === "currency" || type === "double") && typeof value !== "number") return `Cannot deserialize instance of ${type} from VALUE_STRING value ${JSON.stringify(value)} or request may be missing a required field`;
  if (type === "boolean" && typeof value !== "boolean") return `Cannot deserialize instance of boolean from ${typeof value === "number" ? "VALUE_NUMBER_INT" : "VALUE_STRING"} value ${JSON.stringify(value)} or request may be missing a required field`;
  if ((type === "string" || type === "picklist") && typeof value === "object") return `Cannot deserialize instance of string from START_OBJECT value { or request may be missing a required field`;
  return null;
}

/** `PATCH /services/data/vXX.X/sobjects/{sObject}/{id}`, or null when the request is not one. */
export async function sobjectUpdate(org, request, url) {
  const match = /^\/services\/data\/v\d+\.\d\/sobjects\/(\w+)\/([^/]+)$/.exec(url.pathname);
  if (!match || request.method !== "PATCH") return null;
  const [, sObject, id] = match;
  if (!WRITABLE[sObject]) return sfError(404, "NOT_FOUND", `The requested resource does not exist`);
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) return sfError(400, "MALFORMED_ID", `${sObject} ID: id value of incorrect type: ${id}`);
  const record = org.records[sObject].get(id);
  if (!record) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  if (record.IsDeleted) return sfError(404, "ENTITY_IS_DELETED", "entity is deleted");
  let body;
  try {
    body = await request.json();
  } catch {
    return sfError(400, "JSON_PARSER_ERROR", "Unexpected character at [line:1, column:1]");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return sfError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of sObject from START_ARRAY value [");
  const types = { ...WRITABLE[sObject], ...extraOf(org).custom[sObject] };
  for (const [name, value] of Object.entries(body)) {
    if (READ_ONLY.includes(name)) return sfError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [name]);
    if (!types[name]) return sfError(400, "INVALID_FIELD", `No such column '${name}' on sobject of type ${sObject}`);
    const wrong = typeError(types[name], value);
    if (wrong) return sfError(400, "JSON_PARSER_ERROR", `${wrong} at [line:1, column:${JSON.stringify(body).indexOf(JSON.stringify(name)) + 1}]`);
  }
  Object.assign(record, body, { SystemModstamp: new Date().toISOString() });
  extraOf(org).updates.push({ sObject, id, fields: body, callOptions: request.headers.get("sforce-call-options") });
  return new Response(null, { status: 204 });
}

/** Control routes of the updates, or null when `action` is not one. */
export async function updatesControl(org, request, action) {
  if (action === "fields" && request.method === "POST") {
    const { sObject, fields } = await request.json();
    for (const field of fields) extraOf(org).custom[sObject][field.name] = field.type;
    return json(200, { count: fields.length });
  }
  if (action === "updates") return json(200, extraOf(org).updates);
  return null;
}
