// Fake of Salesforce's REST API (developer.salesforce.com REST API guide: query/queryAll, status
// codes and error responses; help: OAuth 2.0 refresh token flow, API request limits).
//
// One org per instance host (`https://{name}.my.salesforce.com`). Strict like Salesforce:
// - Tokens: `POST /services/oauth2/token` on login.salesforce.com, test.salesforce.com or the
//   org's My Domain, form `grant_type=refresh_token&client_id&client_secret&refresh_token`; the
//   answer has `instance_url` and no `expires_in`; refresh tokens rotate only when the org says so
//   (`rotateRefreshTokens`), then the old one is `invalid_grant`. An expired or unknown access token
//   is `401 [{"errorCode":"INVALID_SESSION_ID"}]`.
// - Limits: a daily allocation per org (`dailyLimit`, 15,000 like a Developer Edition) reported in
//   `Sforce-Limit-Info: api-usage=n/max` on every answer; beyond it `403 REQUEST_LIMIT_EXCEEDED`
//   (Salesforce's documented answer: it sends no 429).
// - SOQL: the listing query shape only (`SELECT <fields> FROM <sObject> WHERE SystemModstamp >= <t>
//   AND SystemModstamp < <t> ORDER BY SystemModstamp, Id`); an unknown field is `400 INVALID_FIELD`
//   (e.g. CurrencyIsoCode on a single-currency org), anything else `400 MALFORMED_QUERY`; `/query`
//   leaves deleted rows out, `/queryAll` keeps them; pages of `batchSize` (2,000) with
//   `nextRecordsUrl` query locators.
//
// - Record updates (PATCH sobjects/{sObject}/{id}): salesforce-writes.mjs.
//
// Control (tests only), on the instance host:
//   POST /__fake/org           {clientId, clientSecret, refreshToken, rotateRefreshTokens?, dailyLimit?, used?, batchSize?, latencyMs?}
//   POST /__fake/records       {sObject, records:[{Id, SystemModstamp, IsDeleted?, ...fields}]}
//   POST /__fake/expire-tokens
//   POST /__fake/faults        {status, body?, contentType?, headers?, times?, path?}
//   GET  /__fake/counters
import { accountRuntime, addFault, json, randomToken, readForm, trackedRefresh, tracked } from "./crm-fake-kit.mjs";
import { sobjectUpdate, updatesControl } from "./salesforce-writes.mjs";

const INSTANCE = /^[a-z0-9-]+\.my\.salesforce\.com$/i;
const LOGIN_HOSTS = new Set(["login.salesforce.com", "test.salesforce.com"]);
const VERSION = /^\/services\/data\/v(\d+\.\d)\//;
const FIELDS = {
  Account: ["Id", "Name", "Phone", "Website", "BillingStreet", "BillingCity", "BillingPostalCode", "BillingState", "BillingCountry", "SystemModstamp", "LastModifiedDate", "IsDeleted", "Type", "Industry"],
  Contact: ["Id", "FirstName", "LastName", "Name", "Email", "Phone", "MobilePhone", "AccountId", "MailingStreet", "MailingCity", "MailingPostalCode", "MailingState", "MailingCountry", "SystemModstamp", "LastModifiedDate", "IsDeleted", "Title"],
  Opportunity: ["Id", "Name", "Amount", "StageName", "IsClosed", "IsWon", "AccountId", "ContactId", "CloseDate", "SystemModstamp", "LastModifiedDate", "IsDeleted", "Probability"],
};

/** instance host -> org */
const orgs = new Map();

function newOrg(host, spec) {
  const org = {
    host,
    clientId: spec.clientId,
    clientSecret: spec.clientSecret,
    refreshToken: spec.refreshToken,
    rotate: spec.rotateRefreshTokens === true,
    dailyLimit: spec.dailyLimit ?? 15_000,
    used: spec.used ?? 0,
    batchSize: spec.batchSize ?? 2000,
    /** access token -> expiresAt */
    tokens: new Map(),
    records: { Account: new Map(), Contact: new Map(), Opportunity: new Map() },
    locators: new Map(),
    ...accountRuntime(),
  };
  org.latencyMs = spec.latencyMs ?? 0;
  orgs.set(host, org);
  return org;
}

const sfError = (status, errorCode, message) => json(status, [{ message, errorCode }]);

export default {
  name: "salesforce",
  matches: (url) => LOGIN_HOSTS.has(url.hostname) || INSTANCE.test(url.hostname),
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/services/oauth2/token") return token(request, url);
    if (LOGIN_HOSTS.has(url.hostname)) return json(404, [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]);
    if (url.pathname.startsWith("/__fake/")) return control(url.hostname, request, url);
    const org = orgs.get(url.hostname);
    if (!org) return new Response("<html><body>URL No Longer Exists</body></html>", { status: 404, headers: { "content-type": "text/html" } });
    const bearer = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    const expiresAt = org.tokens.get(bearer);
    if (expiresAt === undefined || expiresAt <= Date.now()) return sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
    return tracked(org, url.pathname, async () => {
      if (org.used >= org.dailyLimit) return withLimitInfo(org, sfError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
      org.used += 1;
      return withLimitInfo(org, (await sobjectUpdate(org, request, url)) ?? api(org, request, url));
    });
  },
};

function withLimitInfo(org, response) {
  response.headers.set("sforce-limit-info", `api-usage=${org.used}/${org.dailyLimit}`);
  return response;
}

async function token(request, url) {
  const form = await readForm(request);
  const org = [...orgs.values()].find((o) => o.clientId === form.client_id && (LOGIN_HOSTS.has(url.hostname) || o.host === url.hostname));
  if (!org) return json(400, { error: "invalid_client_id", error_description: "client identifier invalid" });
  return trackedRefresh(org, async () => {
    if (form.client_secret !== org.clientSecret) return json(400, { error: "invalid_client", error_description: "invalid client credentials" });
    if (form.grant_type !== "refresh_token") return json(400, { error: "unsupported_grant_type", error_description: "grant type not supported" });
    if (form.refresh_token !== org.refreshToken) return json(400, { error: "invalid_grant", error_description: "expired access/refresh token" });
    const accessToken = randomToken("00Dfake!sf-at");
    org.tokens.set(accessToken, Date.now() + 2 * 3600 * 1000);
    const rotated = org.rotate ? randomToken("sf-rt") : null;
    if (rotated) org.refreshToken = rotated;
    const issuedAt = String(Date.now());
    return json(200, {
      access_token: accessToken,
      ...(rotated ? { refresh_token: rotated } : {}),
      signature: btoa(issuedAt),
      scope: "refresh_token api",
      instance_url: `https://${org.host}`,
      id: `https://login.salesforce.com/id/00Dfake/005fake`,
      token_type: "Bearer",
      issued_at: issuedAt,
    });
  });
}

const SOQL = /^SELECT\s+(.+?)\s+FROM\s+(\w+)\s+WHERE\s+SystemModstamp\s*>=\s*(\S+)\s+AND\s+SystemModstamp\s*<\s*(\S+)\s+ORDER\s+BY\s+SystemModstamp\s*,\s*Id$/i;
const LITERAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;

function api(org, request, url) {
  if (!VERSION.test(url.pathname)) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  if (request.method !== "GET") return sfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${request.method}' not allowed. Allowed are GET`);
  const locator = /^\/services\/data\/v\d+\.\d\/(query|queryAll)\/(01g[\w-]+)$/.exec(url.pathname);
  if (locator) {
    const page = org.locators.get(locator[2]);
    if (!page) return sfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    return json(200, pageOf(org, page.rows, page.offset, locator[1], page.version));
  }
  const query = /^\/services\/data\/v(\d+\.\d)\/(query|queryAll)\/?$/.exec(url.pathname);
  if (!query) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  const q = url.searchParams.get("q") ?? "";
  const match = SOQL.exec(q.trim());
  if (!match) return sfError(400, "MALFORMED_QUERY", `unexpected token in query: ${q.slice(0, 60)}`);
  const [, fieldList, sObject, from, until] = match;
  const known = FIELDS[sObject];
  if (!known) return sfError(400, "INVALID_TYPE", `sObject type '${sObject}' is not supported.`);
  const fields = fieldList.split(",").map((f) => f.trim());
  const unknown = fields.find((f) => !known.includes(f));
  if (unknown) return sfError(400, "INVALID_FIELD", `No such column '${unknown}' on entity '${sObject}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
  if (!LITERAL.test(from) || !LITERAL.test(until)) return sfError(400, "MALFORMED_QUERY", `value of filter criterion for field 'SystemModstamp' must be of type dateTime and should not be enclosed in quotes`);
  const [fromMs, untilMs] = [Date.parse(from), Date.parse(until)];
  const rows = [...org.records[sObject].values()]
    .filter((r) => (query[2] === "queryAll" || !r.IsDeleted) && Date.parse(r.SystemModstamp) >= fromMs && Date.parse(r.SystemModstamp) < untilMs)
    .sort((a, b) => Date.parse(a.SystemModstamp) - Date.parse(b.SystemModstamp) || (a.Id < b.Id ? -1 : 1))
    .map((r) => {
      const row = { attributes: { type: sObject, url: `/services/data/v${query[1]}/sobjects/${sObject}/${r.Id}` } };
      for (const f of fields) row[f] = f === "SystemModstamp" || f === "LastModifiedDate" ? sfDateTime(r[f] ?? r.SystemModstamp) : (r[f] ?? (f === "IsDeleted" ? false : null));
      return row;
    });
  return json(200, pageOf(org, rows, 0, query[2], query[1]));
}

/** "2026-12-01T10:00:00.000+0000", as the REST API writes date-times. */
const sfDateTime = (value) => new Date(Date.parse(value)).toISOString().replace("Z", "+0000");

function pageOf(org, rows, offset, resource, version) {
  const records = rows.slice(offset, offset + org.batchSize);
  const end = offset + records.length;
  if (end >= rows.length) return { totalSize: rows.length, done: true, records };
  const id = `01gFAKE${crypto.randomUUID().slice(0, 8)}-${end}`;
  org.locators.set(id, { rows, offset: end, version });
  return { totalSize: rows.length, done: false, nextRecordsUrl: `/services/data/v${version}/${resource}/${id}`, records };
}

async function control(host, request, url) {
  const action = url.pathname.slice("/__fake/".length);
  if (action === "org") {
    newOrg(host, await request.json());
    return json(201, { host });
  }
  const org = orgs.get(host);
  if (!org) return json(404, { error: `no org at ${host}` });
  if (action === "counters") return json(200, { ...org.counters, byPath: { ...org.counters.byPath }, apiUsage: org.used });
  if (action === "expire-tokens") {
    for (const value of org.tokens.keys()) org.tokens.set(value, 0);
    return json(200, { ok: true });
  }
  if (action === "faults") {
    addFault(org, await request.json());
    return json(200, { ok: true });
  }
  if (action === "records") {
    const { sObject, records } = await request.json();
    for (const record of records) org.records[sObject].set(record.Id, { IsDeleted: false, ...record });
    return json(200, { count: records.length });
  }
  const updates = await updatesControl(org, request, action);
  if (updates) return updates;
  return json(404, { error: `unknown control path ${url.pathname}` });
}
