// QuickBooks Online Accounting API v3 fake, from Intuit's docs (see src/providers/quickbooks-api.ts
// for the sources): production and sandbox hosts, the OAuth2 token endpoint on
// oauth.platform.intuit.com (60-minute access tokens by default, single-use rotating refresh
// tokens), per-realm state and limits (500 requests/min, 10/s, 10 concurrent -> 429 with a
// ThrottleExceeded fault and Retry-After 60), `query` (select * from <Entity> [where Id in (...)]),
// `cdc` (30-day horizon, 1,000 objects, deletions as status "Deleted") and Fault bodies.
//
// Control endpoints (tests only), on any of its hosts:
//   POST /__fake/realms/{realm}/connect  {clientId, clientSecret, refreshToken?, accessTokenSeconds?, latencyMs?, tokenLatencyMs?, limits?}
//        -> {refreshToken}
//   POST /__fake/realms/{realm}/objects  {Customer?: [...], Invoice?: [...], Payment?: [...], Item?: [...]}
//        (stored as given; Id, SyncToken, MetaData and Active defaulted; LastUpdatedTime = now unless set)
//   POST /__fake/realms/{realm}/delete   {entity, id}  (transactions deleted, Customer/Item made inactive)
//   POST /__fake/realms/{realm}/faults   [{status?, body?, kind?: "html"|"garbage"|"huge", count?, headers?}]
//   POST /__fake/realms/{realm}/expire-access-tokens
//   GET  /__fake/realms/{realm}/counters -> {calls, maxConcurrent, refreshes, maxRefreshesInFlight, throttled, invalidGrants, unauthorized, requests}
import { createAccounts, json } from "./oauth2-accounts.mjs";

const API_HOSTS = new Set(["quickbooks.api.intuit.com", "sandbox-quickbooks.api.intuit.com"]);
const TOKEN_HOST = "oauth.platform.intuit.com";
const ENTITIES = ["Customer", "Invoice", "Payment", "Item"];
/** Name lists: made inactive instead of deleted, and left out of queries unless asked for. */
const NAME_LISTS = new Set(["Customer", "Item"]);

const realms = createAccounts({ prefix: "qbo", limits: { perMinute: 500, perSecond: 10, concurrent: 10 } });

const fault = (status, code, message, detail, type = "ValidationFault") =>
  json(status, { Fault: { Error: [{ Message: message, Detail: detail, code, ...(type === "ValidationFault" ? { element: "" } : {}) }], type }, time: new Date().toISOString() });

/** QBO writes times with the company's offset; the fake writes them in UTC with "-00:00" style. */
const qboTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "-00:00");

function entityStore(state, entity) {
  let store = state.objects.get(entity);
  if (!store) state.objects.set(entity, (store = new Map()));
  return store;
}

function seed(state, body) {
  let nextId = 1 + Math.max(0, ...ENTITIES.flatMap((e) => [...entityStore(state, e).keys()].map(Number)));
  const stored = {};
  for (const entity of ENTITIES) {
    for (const raw of body[entity] ?? []) {
      const id = String(raw.Id ?? nextId++);
      // Re-seeding an id is an update of that object: its SyncToken goes up, its CreateTime stays.
      const previous = entityStore(state, entity).get(id)?.object;
      const now = Date.now();
      const object = {
        ...raw,
        Id: id,
        domain: "QBO",
        sparse: false,
        SyncToken: previous ? String(Number(previous.SyncToken) + 1) : "0",
        ...(NAME_LISTS.has(entity) ? { Active: raw.Active ?? true } : {}),
        MetaData: { CreateTime: previous?.MetaData.CreateTime ?? qboTime(now), LastUpdatedTime: raw.MetaData?.LastUpdatedTime ?? qboTime(now) },
      };
      entityStore(state, entity).set(id, { object, deletedAt: null });
      (stored[entity] ??= []).push(object);
    }
  }
  return stored;
}

function remove(state, { entity, id }) {
  const entry = entityStore(state, entity).get(String(id));
  if (!entry) return false;
  const now = Date.now();
  if (NAME_LISTS.has(entity)) {
    entry.object = { ...entry.object, Active: false, SyncToken: String(Number(entry.object.SyncToken) + 1), MetaData: { ...entry.object.MetaData, LastUpdatedTime: qboTime(now) } };
  } else {
    entry.deletedAt = now;
  }
  return true;
}

const QUERY = /^select \* from (\w+)(?: where (.+?))?(?: orderby (MetaData\.LastUpdatedTime))?(?: startposition (\d+))?(?: maxresults (\d+))?$/i;
const ID_IN = /^Id in \(((?:\s*'\d+'\s*,?)+)\)$/i;
const ID_IS = /^Id\s*=\s*'(\d+)'$/i;
const UPDATED = /^MetaData\.LastUpdatedTime\s*(>=|<|>|<=)\s*'([^']+)'$/i;
const ANY_ACTIVE = /^Active in \(\s*true\s*,\s*false\s*\)$/i;
const COMPARE = { ">=": (a, b) => a >= b, ">": (a, b) => a > b, "<": (a, b) => a < b, "<=": (a, b) => a <= b };

/** The conditions this fake reads (joined by AND): Id in/=, MetaData.LastUpdatedTime comparisons, Active in (true,false). */
function conditions(where) {
  const tests = [];
  let anyActive = false;
  for (const part of where.split(/\s+and\s+/i)) {
    const inList = ID_IN.exec(part.trim());
    const single = ID_IS.exec(part.trim());
    const updated = UPDATED.exec(part.trim());
    if (inList) {
      const ids = new Set([...inList[1].matchAll(/'(\d+)'/g)].map((m) => m[1]));
      tests.push((o) => ids.has(o.Id));
    } else if (single) tests.push((o) => o.Id === single[1]);
    else if (updated) {
      const at = Date.parse(updated[2]);
      if (Number.isNaN(at)) return null;
      tests.push((o) => COMPARE[updated[1]](Date.parse(o.MetaData.LastUpdatedTime), at));
    } else if (ANY_ACTIVE.test(part.trim())) anyActive = true;
    else return null;
  }
  return { tests, anyActive };
}

function query(state, text) {
  const match = QUERY.exec(text.trim().replace(/\s+/g, " "));
  if (!match) return fault(400, "4000", "Error parsing query", `QueryParserError: Encountered an unexpected token in "${text.slice(0, 80)}"`);
  const [, entity, where, orderBy, start = "1", max = "100"] = match;
  if (!ENTITIES.includes(entity)) return fault(400, "4001", "Invalid query", `QueryValidationError: property '${entity}' is not queryable in this fake`);
  if (Number(max) > 1000) return fault(400, "4001", "Invalid query", "QueryValidationError: MAXRESULTS must not exceed 1000");
  const parsed = where ? conditions(where) : { tests: [], anyActive: false };
  if (!parsed) return fault(400, "4000", "Error parsing query", `QueryParserError: this fake reads Id, MetaData.LastUpdatedTime and Active conditions only, not "${where.slice(0, 80)}"`);
  let rows = [...entityStore(state, entity).values()]
    .filter((entry) => entry.deletedAt === null)
    // Name lists answer active objects only unless the query asks for inactive ones too.
    .filter((entry) => !NAME_LISTS.has(entity) || parsed.anyActive || entry.object.Active !== false)
    .map((entry) => entry.object)
    .filter((object) => parsed.tests.every((test) => test(object)));
  if (orderBy) rows.sort((a, b) => Date.parse(a.MetaData.LastUpdatedTime) - Date.parse(b.MetaData.LastUpdatedTime));
  rows = rows.slice(Number(start) - 1, Number(start) - 1 + Number(max));
  const queryResponse = rows.length ? { [entity]: rows, startPosition: Number(start), maxResults: rows.length } : {};
  return json(200, { QueryResponse: queryResponse, time: new Date().toISOString() });
}

function cdc(state, url) {
  const entities = (url.searchParams.get("entities") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  const since = Date.parse(url.searchParams.get("changedSince") ?? "");
  if (!entities.length || Number.isNaN(since)) return fault(400, "2020", "Required param missing, need to supply the required value for the API", "Required parameter entities and changedSince are missing in the request");
  if (since < Date.now() - 30 * 86_400_000) return fault(400, "2030", "Invalid ID", "changedSince must be within the last 30 days");
  const unknown = entities.find((e) => !ENTITIES.includes(e));
  if (unknown) return fault(400, "2030", "Invalid ID", `Unsupported entity in this fake: ${unknown}`);
  let budget = 1000;
  const queryResponses = [];
  for (const entity of entities) {
    const changed = [];
    for (const entry of entityStore(state, entity).values()) {
      if (budget <= 0) break;
      if (entry.deletedAt !== null) {
        if (entry.deletedAt < since) continue;
        changed.push({ domain: "QBO", status: "Deleted", Id: entry.object.Id, MetaData: { LastUpdatedTime: qboTime(entry.deletedAt) } });
      } else {
        if (Date.parse(entry.object.MetaData.LastUpdatedTime) < since) continue;
        changed.push(entry.object);
      }
      budget -= 1;
    }
    queryResponses.push(changed.length ? { [entity]: changed, startPosition: 1, maxResults: changed.length, totalCount: changed.length } : {});
  }
  return json(200, { CDCResponse: [{ QueryResponse: queryResponses }], time: new Date().toISOString() });
}

async function api(request, url) {
  const auth = realms.authenticate(request);
  if (auth.error) {
    if (auth.account) auth.account.counters.unauthorized += 1;
    return fault(401, "3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401", auth.error === "expired" ? "Token expired" : "Token invalid", "AuthenticationFault");
  }
  const state = auth.account;
  const path = /^\/v3\/company\/([^/]+)\/([a-z]+)$/.exec(url.pathname);
  if (!path) return fault(404, "0", "Not found", `No such resource: ${url.pathname}`, "SystemFault");
  if (path[1] !== state.id) return fault(403, "3100", "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403", "The token is not for this realm", "AuthorizationFault");
  const exceeded = realms.admit(state);
  if (exceeded) {
    const response = fault(429, "003001", "message=ThrottleExceeded; errorCode=003001; statusCode=429", `The request limit was reached (${exceeded}).`, "SERVICE");
    // Intuit: "wait 60 seconds before retrying" (limits-and-throttles).
    response.headers.set("retry-after", "60");
    return response;
  }
  return realms.inFlight(state, () => {
    state.counters.requests.push(`${request.method} ${url.pathname}?${url.searchParams.toString()}`);
    const injected = realms.nextFault(state);
    if (injected) return realms.faultResponse(injected);
    if (request.method === "GET" && path[2] === "query") return query(state, url.searchParams.get("query") ?? "");
    if (request.method === "GET" && path[2] === "cdc") return cdc(state, url);
    return fault(400, "4000", "Unsupported operation", `${request.method} ${path[2]} is not implemented by this fake`);
  });
}

async function control(request, url) {
  const match = /^\/__fake\/realms\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
  if (!match) return json(404, { error: "unknown control endpoint" });
  const [, realm, action] = match;
  const state = realms.account(realm);
  const body = request.method === "POST" ? await request.json().catch(() => ({})) : null;
  switch (action) {
    case "connect":
      return json(200, { refreshToken: realms.connect(realm, body) });
    case "objects":
      return json(200, seed(state, body));
    case "delete":
      return json(remove(state, body) ? 200 : 404, {});
    case "faults":
      state.faults.push(...(Array.isArray(body) ? body : [body]));
      return json(200, { queued: state.faults.length });
    case "expire-access-tokens":
      realms.expireAccessTokens(realm);
      return json(200, {});
    case "counters":
      return json(200, state.counters);
    default:
      return json(404, { error: `unknown control action ${action}` });
  }
}

export default {
  name: "quickbooks",
  matches: (url) => API_HOSTS.has(url.hostname) || url.hostname === TOKEN_HOST,
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__fake/")) return control(request, url);
    if (url.hostname === TOKEN_HOST) {
      if (request.method === "POST" && url.pathname === "/oauth2/v1/tokens/bearer") return realms.tokenRequest(request);
      return json(404, { error: "not_found" });
    }
    return api(request, url);
  },
};
