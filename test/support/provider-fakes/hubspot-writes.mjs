// The HubSpot fake's object updates (the way back, issue #17): `PATCH /crm/v3/objects/{deals|
// companies|contacts}/{id}` `{properties}` as HubSpot answers it (api-reference crm objects
// "Update"; docs/faq/api-error-responses):
// - only the properties sent change; "" clears one; 200 with the object (`id`, `properties` of
//   what was sent plus hs_object_id / hs_lastmodifieddate, `updatedAt`, `archived`);
// - a property the portal does not have: 400 `VALIDATION_ERROR`, message "Property values were not
//   valid: [...]" listing `{isValid:false, message, error:"PROPERTY_DOESNT_EXIST", name}`; a
//   read-only one (hs_object_id, createdate, hs_lastmodifieddate...): `READ_ONLY_VALUE`;
// - an unknown or archived id: 404 `OBJECT_NOT_FOUND`;
// - each change is recorded as the `<type>.propertyChange` webhook event HubSpot sends for it
//   (`changeSource: "INTEGRATION"`, `sourceId` = the app), so tests can replay the echo.
// The portal's rate windows (hubspot.mjs) count these calls like any other.
//
// Control (tests only), under /__fake/portals/{portalId}/:
//   POST objects/deals            {records:[{id, properties, archived?}]}   (contacts/companies: hubspot.mjs)
//   POST properties/{type}        {names:[...]}   custom properties the portal has (odoo_invoice_status...)
//   GET  objects/{type}/{id}      the stored object
//   GET  property-changes         the propertyChange events the writes caused

import { json } from "./crm-fake-kit.mjs";

const WRITABLE = new Set(["deals", "companies", "contacts"]);
const SUBSCRIPTION = { deals: "deal", companies: "company", contacts: "contact" };
/** Default properties of each object (a subset: what integrations write) and the read-only ones. */
const BUILT_IN = {
  deals: ["dealname", "amount", "dealstage", "pipeline", "closedate", "hubspot_owner_id", "description"],
  companies: ["name", "domain", "phone", "address", "address2", "city", "zip", "state", "country", "industry", "description"],
  contacts: ["email", "firstname", "lastname", "phone", "company", "address", "city", "zip", "state", "country"],
};
const READ_ONLY = ["hs_object_id", "createdate", "hs_lastmodifieddate", "lastmodifieddate", "hs_merged_object_ids"];
/** The app id HubSpot names as the writer (`sourceId`) of an integration's change. */
export const FAKE_APP_ID = "4242";

/** portal -> { deals: Map, properties: {type: Set}, changes: [] } */
const extras = new WeakMap();
function extraOf(portal) {
  let extra = extras.get(portal);
  if (!extra) {
    extra = { deals: new Map(), properties: { deals: new Set(), companies: new Set(), contacts: new Set() }, changes: [] };
    extras.set(portal, extra);
  }
  return extra;
}
const storeOf = (portal, type) => (type === "deals" ? extraOf(portal).deals : portal.objects[type]);

const error = (status, category, message, extra = {}) => json(status, { status: "error", message, correlationId: crypto.randomUUID(), category, ...extra });

/** `PATCH /crm/v3/objects/{type}/{id}`, or null when the request is not one. */
export async function objectUpdate(portal, request, url) {
  const match = /^\/crm\/v3\/objects\/(\w+)\/([^/]+)$/.exec(url.pathname);
  if (!match || request.method !== "PATCH" || !WRITABLE.has(match[1])) return null;
  const [, type, id] = match;
  let body;
  try {
    body = await request.json();
  } catch {
    return error(400, "VALIDATION_ERROR", "Invalid input JSON on line 1, column 1: Cannot build SimplePublicObjectInput, some of required attributes are not set [properties]");
  }
  if (typeof body?.properties !== "object" || body.properties === null || Array.isArray(body.properties)) {
    return error(400, "VALIDATION_ERROR", "Invalid input JSON: Cannot build SimplePublicObjectInput, some of required attributes are not set [properties]");
  }
  const record = storeOf(portal, type).get(id);
  if (!record || record.archived || record.mergedInto) return error(404, "OBJECT_NOT_FOUND", "resource not found");
  const custom = extraOf(portal).properties[type];
  const invalid = [];
  for (const [name, value] of Object.entries(body.properties)) {
    if (READ_ONLY.includes(name)) invalid.push({ isValid: false, message: `"${name}" is a read only property; its value cannot be set.`, error: "READ_ONLY_VALUE", name });
    else if (!BUILT_IN[type].includes(name) && !custom.has(name)) invalid.push({ isValid: false, message: `Property "${name}" does not exist`, error: "PROPERTY_DOESNT_EXIST", name, localizedErrorMessage: `Property "${name}" does not exist` });
    else if (value !== null && typeof value === "object") invalid.push({ isValid: false, message: `${JSON.stringify(value)} is not a valid value for ${name}`, error: "INVALID_OPTION", name });
  }
  if (invalid.length) {
    return error(400, "VALIDATION_ERROR", `Property values were not valid: ${JSON.stringify(invalid)}`, {
      errors: invalid.map((i) => ({ message: i.message, code: i.error, context: { propertyName: [i.name] } })),
    });
  }
  const now = new Date();
  for (const [name, value] of Object.entries(body.properties)) {
    const stored = value === null || value === "" ? null : String(value);
    if ((record.properties[name] ?? null) === stored) continue;
    record.properties[name] = stored;
    extraOf(portal).changes.push({
      eventId: extraOf(portal).changes.length + 1,
      subscriptionType: `${SUBSCRIPTION[type]}.propertyChange`,
      portalId: Number(portal.id),
      appId: Number(FAKE_APP_ID),
      occurredAt: now.getTime(),
      objectId: Number(id),
      propertyName: name,
      propertyValue: stored ?? "",
      changeSource: "INTEGRATION",
      sourceId: FAKE_APP_ID,
    });
  }
  const modified = type === "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";
  record.properties[modified] = now.toISOString();
  record.updatedAt = now.toISOString();
  const properties = { hs_object_id: id, [modified]: record.properties[modified] };
  for (const name of Object.keys(body.properties)) properties[name] = record.properties[name] ?? null;
  return json(200, { id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: false });
}

/** Control routes of the writes, or null when `action` is not one. */
export async function writesControl(portal, request, action) {
  const seedDeals = action === "objects/deals" && request.method === "POST";
  if (seedDeals) {
    const { records } = await request.json();
    for (const record of records) {
      const id = String(record.id);
      const at = new Date().toISOString();
      extraOf(portal).deals.set(id, { id, properties: { ...record.properties, hs_object_id: id, hs_lastmodifieddate: at }, createdAt: at, updatedAt: at, archived: record.archived === true, mergedInto: null });
    }
    return json(200, { count: records.length });
  }
  const properties = /^properties\/(deals|companies|contacts)$/.exec(action);
  if (properties && request.method === "POST") {
    const { names } = await request.json();
    for (const name of names) extraOf(portal).properties[properties[1]].add(name);
    return json(200, { count: names.length });
  }
  const one = /^objects\/(deals|companies|contacts)\/(\d+)$/.exec(action);
  if (one && request.method === "GET") {
    const record = storeOf(portal, one[1]).get(one[2]);
    return record ? json(200, record) : json(404, { error: `no ${one[1]} ${one[2]}` });
  }
  if (action === "property-changes") return json(200, extraOf(portal).changes);
  return null;
}
