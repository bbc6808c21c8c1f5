// The Zendesk fake's organization and user updates (the way back, issue #17): `PUT
// /api/v2/{organizations|users}/{id}` `{organization:{organization_fields:{...}}}` /
// `{user:{user_fields:{...}}}` as Zendesk answers it (api-reference/ticketing/organizations,
// users, organization_fields; error envelope `{error, description, details}`):
// - 200 with the record, its `*_fields` holding every field the account defined (null when unset);
// - a key no custom field has is dropped silently (Zendesk does not refuse it);
// - a value the field's type refuses (text in a decimal field, a number in a checkbox): 422
//   `RecordInvalid` with the field in `details`;
// - the root object missing: 400 `ParameterMissing`; an unknown id: 404 `RecordNotFound`;
// - an OAuth token without the `write` scope: 403 `Forbidden` (API tokens have full access).
// The account's per-minute limit (zendesk.mjs) counts these calls like any other.
//
// Control (tests only), on the account's host:
//   POST /__fake/organizations   {organizations:[{id, name, organization_fields?}]}
//   POST /__fake/fields          {organization_fields?:[{key, type}], user_fields?:[{key, type}]}  type: text|decimal|integer|checkbox|date
//   GET  /__fake/organizations/{id} | /__fake/users/{id}

import { json } from "./crm-fake-kit.mjs";

const RESOURCES = {
  organizations: { one: "organization", fields: "organization_fields", definitions: "organization" },
  users: { one: "user", fields: "user_fields", definitions: "user" },
};

/** account -> { organizations: Map, definitions: {organization: Map key->type, user: Map} } */
const extras = new WeakMap();
function extraOf(account) {
  let extra = extras.get(account);
  if (!extra) {
    extra = { organizations: new Map(), definitions: { organization: new Map(), user: new Map() } };
    extras.set(account, extra);
  }
  return extra;
}
const storeOf = (account, resource) => (resource === "organizations" ? extraOf(account).organizations : account.users);

function invalidValue(type, value) {
  if (value === null) return false;
  if (type === "decimal") return !(typeof value === "number" || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)));
  if (type === "integer") return !(Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value)));
  if (type === "checkbox") return typeof value !== "boolean";
  if (type === "date") return !(typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value));
  return typeof value === "object";
}

function view(account, resource, record) {
  const spec = RESOURCES[resource];
  const fields = {};
  for (const key of extraOf(account).definitions[spec.definitions].keys()) fields[key] = record[spec.fields]?.[key] ?? null;
  return { ...record, id: Number(record.id), [spec.fields]: fields };
}

/** `PUT /api/v2/{organizations|users}/{id}`, or null when the request is not one. */
export async function fieldsUpdate(account, request, url) {
  const match = /^\/api\/v2\/(organizations|users)\/(\d+)(?:\.json)?$/.exec(url.pathname);
  if (!match || request.method !== "PUT") return null;
  const [, resource, id] = match;
  const spec = RESOURCES[resource];
  const bearer = (request.headers.get("authorization") ?? "").startsWith("Bearer ");
  if (bearer && !(account.scope ?? "read write").split(/\s+/).includes("write")) {
    return json(403, { error: "Forbidden", description: "You do not have access to this page. Please contact the account owner of this help desk for further help." });
  }
  const record = storeOf(account, resource).get(id);
  if (!record) return json(404, { error: "RecordNotFound", description: "Not found" });
  let body;
  try {
    body = await request.json();
  } catch {
    body = null;
  }
  const changes = body?.[spec.one];
  if (typeof changes !== "object" || changes === null) return json(400, { error: "ParameterMissing", description: `param is missing or the value is empty: ${spec.one}` });
  const definitions = extraOf(account).definitions[spec.definitions];
  const given = changes[spec.fields] ?? {};
  const details = [];
  for (const [key, value] of Object.entries(given)) {
    const type = definitions.get(key);
    if (type && invalidValue(type, value)) details.push({ description: `${key}: ${JSON.stringify(value)} is not a valid ${type} value`, error: "InvalidValue" });
  }
  if (details.length) return json(422, { error: "RecordInvalid", description: "Record validation errors", details: { [spec.fields]: details } });
  const kept = Object.fromEntries(Object.entries(given).filter(([key]) => definitions.has(key)));
  record[spec.fields] = { ...(record[spec.fields] ?? {}), ...kept };
  record.updated_at = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return json(200, { [spec.one]: view(account, resource, record) });
}

/** Control routes of the updates, or null when `action` is not one. */
export async function fieldsControl(account, request, action) {
  if (action === "organizations" && request.method === "POST") {
    const { organizations } = await request.json();
    for (const org of organizations) extraOf(account).organizations.set(String(org.id), { ...org, id: Number(org.id), updated_at: new Date().toISOString() });
    return json(200, { count: organizations.length });
  }
  if (action === "fields" && request.method === "POST") {
    const body = await request.json();
    for (const [list, kind] of [["organization_fields", "organization"], ["user_fields", "user"]]) {
      for (const field of body[list] ?? []) extraOf(account).definitions[kind].set(field.key, field.type);
    }
    return json(200, { ok: true });
  }
  const one = /^(organizations|users)\/(\d+)$/.exec(action);
  if (one && request.method === "GET") {
    const record = storeOf(account, one[1]).get(one[2]);
    return record ? json(200, view(account, one[1], record)) : json(404, { error: `no ${one[1]} ${one[2]}` });
  }
  return null;
}
