/**
 * `GET /openapi.json`: the API's OpenAPI 3.1 document, generated from a route-contract registry.
 *
 * Each public route is listed once below (method, path, tag, auth, the zod schema of its body or
 * query, its answers and error codes). The schemas are the very ones the handlers validate with,
 * imported from the route files, and turned into JSON Schema 2020-12 (OpenAPI 3.1's dialect) by
 * zod's own `z.toJSONSchema` with `io: "input"`: what a client may send, defaults optional. So a
 * schema changed in a handler changes the document; a route mounted in src/http/app.ts but not
 * listed here fails test/http/every-mounted-route-is-in-the-openapi-document.unit.test.ts.
 *
 * Why a registry and not @hono/zod-openapi route files: converting every route group is a larger
 * change (issue #13, "Shape"); the registry gives the same document from the same schemas now.
 */
import * as z from "zod";
import { alertSettingsBody } from "../alerts/settings";
import { routingSchema } from "../tenant/routing";
import { sourceBody, tenantBody, tokenBody } from "./admin";
import { alertsQuery } from "./alerts";
import { listQuery as eventsQuery } from "./audit";
import { changesQuery } from "./changes";
import { erasureBody } from "./erasures";
import { ERROR_CODES, type ErrorCode } from "./errors";
import { SLUG_PATTERN } from "../ids";
import { exceptionsQuery } from "./exceptions";
import { metricsQuery } from "./metrics";
import { jobQuery, jobsQuery, reconciliationBody, reconciliationExceptionsQuery } from "./reconciliations";
import { resyncBody } from "./outbound-resyncs";
import { replayBody } from "./replays";
import { automationsBody, automationsQuery } from "./odoo-automations";

/**
 * Who may call a route: nobody in particular, the admin token, a tenant token of the path's tenant
 * (any role, or `operate`), or a provider whose signature the source's secrets verify.
 */
type Auth = "public" | "admin" | "tenant" | "tenant-operate" | "signature";

type Produces = "json" | "prometheus" | "html" | "javascript" | "css";

export interface RouteContract {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI template: `{param}`, as mounted in src/http/app.ts. */
  path: string;
  tag: string;
  summary: string;
  auth: Auth;
  /** The JSON body, with the name of its component schema. */
  body?: { name: string; schema: z.ZodType };
  query?: z.ZodType;
  /** Success statuses and what each means. */
  responses: Record<number, string>;
  /** Error statuses and the codes each can carry (auth and server errors are added from `auth`). */
  errors?: Partial<Record<number, ErrorCode[]>>;
  produces?: Produces;
  description?: string;
  /** Path parameters the handler refuses (400) unless they match SLUG_PATTERN: the ids it creates. */
  slugParams?: string[];
}

const TENANT = "/v1/tenants/{tenant}";
const ADMIN_TENANT = "/v1/admin/tenants/{tenant}";
/** Bodies: unparseable JSON is 400, a field that breaks the schema 422 (src/http/json-body.ts). */
const BODY_ERRORS = { 400: ["invalid_request"], 422: ["invalid_request"] } satisfies RouteContract["errors"];
const QUERY_ERRORS = { 400: ["invalid_request"] } satisfies RouteContract["errors"];

export const ROUTES: RouteContract[] = [
  { method: "get", path: "/", tag: "service", summary: "Service identity (a liveness probe)", auth: "public", responses: { 200: '{"service","ok":true}' } },
  {
    method: "get",
    path: "/openapi.json",
    tag: "service",
    summary: "This OpenAPI 3.1 document",
    auth: "public",
    responses: { 200: "the document (cached 5 minutes)" },
  },
  {
    method: "post",
    path: "/webhooks/{tenant}/{source}",
    tag: "ingest",
    summary: "Receive a provider's webhook delivery",
    description:
      "The body is the provider's delivery, byte for byte; it is authenticated by the provider's own signature (header and scheme per provider, " +
      "checked against the source's secrets), not by a bearer token. Some providers get their own reply shape (handshakes, acknowledgements).",
    auth: "signature",
    responses: {
      202: '{"status":"accepted","eventId"}: first delivery, stored durably before this answer',
      200: '{"status":"duplicate","eventId"} (a redelivery), {"status":"ignored","reason"} (genuine, not written to Odoo) or {"status":"echo","eventId","reason"} (reports the router\'s own outbound write: nothing written)',
    },
    errors: { 400: ["malformed_payload"], 401: ["invalid_signature"], 404: ["unknown_source"], 413: ["payload_too_large"], 429: ["rate_limited"] },
  },

  // Admin API (ADMIN_TOKEN).
  { method: "get", path: "/v1/admin/tenants", tag: "admin", summary: "List tenants with their Odoo connection (never the API key)", auth: "admin", responses: { 200: '{"items"}' } },
  {
    method: "put",
    path: ADMIN_TENANT,
    tag: "admin",
    summary: "Create or update a tenant (its Odoo connection, delivery, retention, region)",
    auth: "admin",
    slugParams: ["tenant"],
    body: { name: "TenantBody", schema: tenantBody },
    responses: { 201: "created, with the Odoo check's result and URL hints", 200: "updated, with the Odoo check's result and URL hints" },
    errors: { ...BODY_ERRORS, 409: ["region_locked"], 422: ["invalid_request", "odoo_key_rejected", "region_unavailable"], 502: ["odoo_unreachable"] },
  },
  {
    method: "get",
    path: `${ADMIN_TENANT}/sources`,
    tag: "admin",
    summary: "List a tenant's sources (provider, options, reconciliation; never the secrets)",
    auth: "admin",
    responses: { 200: '{"tenant","items"}' },
    errors: { 404: ["unknown_tenant"] },
  },
  {
    method: "put",
    path: `${ADMIN_TENANT}/sources/{source}`,
    tag: "admin",
    summary: "Create or update a source (provider, signing secrets, options, API connection, reconciliation)",
    auth: "admin",
    slugParams: ["source"],
    body: { name: "SourceBody", schema: sourceBody },
    responses: { 201: "created, with its webhookPath", 200: "updated, with its webhookPath" },
    errors: { ...BODY_ERRORS, 404: ["unknown_tenant"] },
  },
  {
    method: "delete",
    path: `${ADMIN_TENANT}/sources/{source}`,
    tag: "admin",
    summary: "Remove a source: ingest answers 404 unknown_source at once; its audit trail stays",
    auth: "admin",
    responses: { 200: '{"tenant","source","deleted":true,"auditKept":true}' },
    errors: { 404: ["unknown_tenant", "not_found"] },
  },
  {
    method: "get",
    path: `${ADMIN_TENANT}/tokens`,
    tag: "admin",
    summary: "List a tenant's tokens (id, role, created, last used, expiry, revocation; never the token)",
    auth: "admin",
    responses: { 200: '{"tenant","items"}' },
    errors: { 404: ["unknown_tenant"] },
  },
  {
    method: "post",
    path: `${ADMIN_TENANT}/tokens`,
    tag: "admin",
    summary: "Create a tenant token (role read or operate); the only answer that shows the token",
    auth: "admin",
    body: { name: "TokenBody", schema: tokenBody },
    responses: { 201: '{"id","tenant","role","expiresAt","token"}' },
    errors: { ...BODY_ERRORS, 404: ["unknown_tenant"] },
  },
  {
    method: "delete",
    path: `${ADMIN_TENANT}/tokens/{id}`,
    tag: "admin",
    summary: "Revoke a token: the next request with it is 401",
    auth: "admin",
    responses: { 200: "the token's record, with revokedAt" },
    errors: { 404: ["unknown_tenant", "not_found"] },
  },
  {
    method: "get",
    path: `${ADMIN_TENANT}/odoo/check`,
    tag: "admin",
    summary: "Check the tenant's Odoo: authentication, modules, routing targets, field ownership",
    auth: "admin",
    responses: { 200: "the check's result" },
    errors: { 404: ["unknown_tenant"] },
  },
  {
    method: "post",
    path: `${ADMIN_TENANT}/odoo/automations`,
    tag: "admin",
    summary: "Provision (idempotently) the Odoo source's callbacks in the tenant's Odoo 17+: one automation rule + webhook action per outbound flow and watched model",
    auth: "admin",
    body: { name: "OdooAutomationsBody", schema: automationsBody },
    responses: { 200: '{"tenant","source","odooVersion","callbackUrl" (token redacted),"ok","items":[{flow,model,name,status,ruleId,actionId,error?}],"removed"}' },
    errors: { ...BODY_ERRORS, 404: ["unknown_tenant", "unknown_source"], 409: ["automations_unsupported"], 422: ["invalid_request"], 502: ["odoo_unreachable"] },
  },
  {
    method: "get",
    path: `${ADMIN_TENANT}/odoo/automations`,
    tag: "admin",
    summary: "The Odoo source's callbacks with their state in Odoo (present, active, URL with the newest token, definition current)",
    auth: "admin",
    query: automationsQuery,
    responses: { 200: '{"tenant","source","odooVersion","supported","polling","pollSeconds","items","stray"}' },
    errors: { ...QUERY_ERRORS, 404: ["unknown_tenant", "unknown_source"], 422: ["invalid_request"], 502: ["odoo_unreachable"] },
  },
  {
    method: "delete",
    path: `${ADMIN_TENANT}/odoo/automations`,
    tag: "admin",
    summary: "Remove the Odoo source's callbacks from the tenant's Odoo (polling goes on)",
    auth: "admin",
    query: automationsQuery,
    responses: { 200: '{"tenant","source","removed"}' },
    errors: { ...QUERY_ERRORS, 404: ["unknown_tenant", "unknown_source"], 409: ["automations_unsupported"], 422: ["invalid_request"], 502: ["odoo_unreachable"] },
  },
  {
    method: "put",
    path: `${ADMIN_TENANT}/routing`,
    tag: "admin",
    summary: "Set the tenant's routing (flows, journals, taxes, product mapping, field ownership): a new version",
    auth: "admin",
    body: { name: "Routing", schema: routingSchema },
    responses: { 201: '{"tenant","version","routing"}' },
    errors: { ...BODY_ERRORS, 404: ["unknown_tenant"] },
  },
  {
    method: "get",
    path: `${ADMIN_TENANT}/routing`,
    tag: "admin",
    summary: "The tenant's routing in force",
    auth: "admin",
    responses: { 200: '{"tenant","version","routing"}' },
    errors: { 404: ["unknown_tenant"] },
  },
  {
    method: "put",
    path: `${ADMIN_TENANT}/alerts`,
    tag: "alerts",
    summary: "Set the tenant's alert rules, notification webhook, Odoo activities and exception thresholds",
    auth: "admin",
    body: { name: "AlertSettingsBody", schema: alertSettingsBody },
    responses: { 201: "created (the webhook secret is not shown)", 200: "updated (the webhook secret is not shown)" },
    errors: { ...BODY_ERRORS, 404: ["unknown_tenant"] },
  },
  {
    method: "get",
    path: `${ADMIN_TENANT}/alerts`,
    tag: "alerts",
    summary: "The tenant's alert settings (without the webhook secret)",
    auth: "admin",
    responses: { 200: "the settings" },
    errors: { 404: ["unknown_tenant"] },
  },
  {
    method: "get",
    path: "/v1/admin/changes",
    tag: "changes",
    summary: "Every tenant's admin and operate changes, newest first",
    auth: "admin",
    query: changesQuery,
    responses: { 200: '{"items":[{id,tenant,action,target,actor,requestId,at,before,after}],"nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "post",
    path: "/v1/admin/secrets/reseal",
    tag: "admin",
    summary: "SECRETS_KEY rotation: move a page of sealed values to the current key (call again while done is false)",
    auth: "admin",
    responses: { 200: '{"done",...counts}' },
  },
  {
    method: "get",
    path: "/metrics",
    tag: "metrics",
    summary: "Every tenant's metrics in the Prometheus text format",
    auth: "admin",
    produces: "prometheus",
    responses: { 200: "Prometheus text exposition format" },
  },

  // Tenant API (a tenant token of the path's tenant, or ADMIN_TOKEN).
  {
    method: "get",
    path: `${TENANT}/events`,
    tag: "audit",
    summary: "The tenant's events, newest first, filtered and paged",
    auth: "tenant",
    query: eventsQuery,
    responses: { 200: '{"items","nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "get",
    path: `${TENANT}/events/{eventId}`,
    tag: "audit",
    summary: "One event with its timeline and the Odoo record written (with its link)",
    auth: "tenant",
    responses: { 200: "the event" },
    errors: { 404: ["not_found"] },
  },
  {
    method: "get",
    path: `${TENANT}/health`,
    tag: "health",
    summary: "The tenant's Odoo as deliveries see it (ok, degraded with a reason, paused) and its waiting, retrying and dead events",
    auth: "tenant",
    responses: { 200: '{"tenant","status","reason","odoo","events"}' },
  },
  {
    method: "post",
    path: `${TENANT}/replays`,
    tag: "replays",
    summary: "Replay events (dead ones by default); dryRun counts them first",
    auth: "tenant-operate",
    body: { name: "ReplayBody", schema: replayBody },
    responses: { 200: '{"dryRun":true,"count","filter"}, or {"jobId":null,"count":0,"status":"done"} when nothing matches', 202: '{"jobId","count","status":"queued"}' },
    errors: BODY_ERRORS,
  },
  {
    method: "get",
    path: `${TENANT}/replays/{jobId}`,
    tag: "replays",
    summary: "A replay job's progress",
    auth: "tenant",
    responses: { 200: "the job" },
    errors: { 404: ["not_found"] },
  },
  {
    method: "post",
    path: `${TENANT}/reconciliations`,
    tag: "reconciliations",
    summary: "Reconcile a source with the provider's API (an operate token, or any tenant token for a dryRun)",
    auth: "tenant",
    body: { name: "ReconciliationBody", schema: reconciliationBody },
    responses: { 202: "the job" },
    errors: { ...BODY_ERRORS, 403: ["forbidden"], 404: ["unknown_source"], 409: ["reconciliation_running"], 422: ["invalid_request", "reconcile_unsupported"] },
  },
  {
    method: "get",
    path: `${TENANT}/reconciliations`,
    tag: "reconciliations",
    summary: "Reconciliation jobs, oldest first",
    auth: "tenant",
    query: jobsQuery,
    responses: { 200: '{"items","nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "get",
    path: `${TENANT}/reconciliations/{id}`,
    tag: "reconciliations",
    summary: "A reconciliation job (progress, counts, state) and the exceptions it found",
    auth: "tenant",
    query: jobQuery,
    responses: { 200: "the job with its exceptions" },
    errors: { ...QUERY_ERRORS, 404: ["not_found"] },
  },
  {
    method: "post",
    path: `${TENANT}/outbound/resyncs`,
    tag: "outbound",
    summary: "Push the current Odoo state of one outbound flow to the providers (an operate token, or any tenant token for a dryRun)",
    auth: "tenant",
    body: { name: "OutboundResyncBody", schema: resyncBody },
    responses: { 202: "the job" },
    errors: { ...BODY_ERRORS, 400: ["invalid_request"], 403: ["forbidden"], 404: ["unknown_source"], 422: ["invalid_request", "flow_not_routed", "no_odoo_source"] },
  },
  {
    method: "get",
    path: `${TENANT}/outbound/resyncs/{id}`,
    tag: "outbound",
    summary: "An outbound resync's progress (listed, fed; a dry run: wouldFeed)",
    auth: "tenant",
    responses: { 200: "the job" },
    errors: { 404: ["not_found"] },
  },
  {
    method: "get",
    path: `${TENANT}/reconciliation-exceptions`,
    tag: "reconciliations",
    summary: "What still differs between the providers and Odoo, with both values",
    auth: "tenant",
    query: reconciliationExceptionsQuery,
    responses: { 200: '{"items","nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "post",
    path: `${TENANT}/erasures`,
    tag: "erasures",
    summary: "Erase a person's data from the router's storage (not from Odoo)",
    auth: "tenant-operate",
    body: { name: "ErasureBody", schema: erasureBody },
    responses: { 200: '{"id","tenant","requestedBy","subject","counts","at"}' },
    errors: { ...BODY_ERRORS, 404: ["not_found"] },
  },
  {
    method: "get",
    path: `${TENANT}/erasures`,
    tag: "erasures",
    summary: "The record of erasures, newest first",
    auth: "tenant",
    responses: { 200: '{"items"}' },
  },
  {
    method: "get",
    path: `${TENANT}/changes`,
    tag: "changes",
    summary: "The tenant's admin and operate changes, newest first",
    auth: "tenant",
    query: changesQuery,
    responses: { 200: '{"items","nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "get",
    path: `${TENANT}/metrics`,
    tag: "metrics",
    summary: "Series per source and kind: received, accepted, rejected, delivered, dead, latencies",
    auth: "tenant",
    query: metricsQuery,
    responses: { 200: '{"tenant","from","to","bucket","series"}' },
    errors: { 422: ["invalid_request"] },
  },
  {
    method: "get",
    path: `${TENANT}/exceptions`,
    tag: "exceptions",
    summary: "Business exceptions of one type, with the provider reference, the Odoo record and the age",
    auth: "tenant",
    query: exceptionsQuery,
    responses: { 200: '{"tenant","type","thresholds","items","nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "get",
    path: `${TENANT}/alerts`,
    tag: "alerts",
    summary: "Alerts, newest first",
    auth: "tenant",
    query: alertsQuery,
    responses: { 200: '{"items","nextCursor"}' },
    errors: QUERY_ERRORS,
  },
  {
    method: "get",
    path: `${TENANT}/alerts/{id}`,
    tag: "alerts",
    summary: "One alert with its webhook notifications and their attempts",
    auth: "tenant",
    responses: { 200: "the alert" },
    errors: { 404: ["not_found"] },
  },
  {
    method: "post",
    path: `${TENANT}/alerts/{id}/ack`,
    tag: "alerts",
    summary: "Acknowledge an open alert",
    auth: "tenant-operate",
    responses: { 200: "the alert, acknowledged" },
    errors: { 404: ["not_found"], 409: ["alert_not_open"] },
  },

  // The console: a page and its assets; it signs in with a token in the browser.
  { method: "get", path: "/console", tag: "console", summary: "The operators' console (sign in with a tenant or admin token)", auth: "public", produces: "html", responses: { 200: "the page" } },
  { method: "get", path: "/console/app.js", tag: "console", summary: "The console's script", auth: "public", produces: "javascript", responses: { 200: "the script" } },
  { method: "get", path: "/console/app.css", tag: "console", summary: "The console's style sheet", auth: "public", produces: "css", responses: { 200: "the style sheet" } },
];

const TAGS: Record<string, string> = {
  service: "The service itself",
  ingest: "Provider webhooks, authenticated by each provider's signature",
  admin: "Tenants, sources, tokens, routing (ADMIN_TOKEN)",
  audit: "Events and their timelines",
  health: "The tenant's Odoo and backlog",
  replays: "Re-delivering events to Odoo",
  reconciliations: "Comparing providers with Odoo",
  outbound: "The way back: Odoo's changes sent to the providers",
  erasures: "Personal data erasure",
  changes: "Who changed what",
  metrics: "Counts and latencies",
  exceptions: "Business exceptions",
  alerts: "Alert rules and alerts",
  console: "The operators' console",
};

/** The one error envelope (src/http/errors.ts), as a schema. */
const errorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe("stable, part of the contract"),
      message: z.string().describe("for humans: names the field and the fix"),
      requestId: z.string(),
    }),
  })
  .describe('Every error: {"error":{"code","message","requestId"}}');

type JsonSchema = Record<string, unknown>;

/** What a client may send (defaults optional, transforms' input side), in OpenAPI 3.1's dialect. */
function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  return rest;
}

const CONTENT_TYPES: Record<Produces, string> = {
  json: "application/json",
  prometheus: "text/plain; version=0.0.4",
  html: "text/html",
  javascript: "text/javascript",
  css: "text/css",
};

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  public: [],
  signature: [],
  admin: [{ adminToken: [] }],
  tenant: [{ adminToken: [] }, { tenantToken: [] }],
  // OpenAPI 3.1: a non-OAuth scheme's array lists the roles the operation needs.
  "tenant-operate": [{ adminToken: [] }, { tenantToken: ["operate"] }],
};

/** The errors every route of an auth kind can answer, before its own. */
function authErrors(auth: Auth): Partial<Record<number, ErrorCode[]>> {
  switch (auth) {
    case "admin":
      return { 401: ["unauthorized"] };
    case "tenant":
      // Another tenant's path answers like a tenant that does not exist.
      return { 401: ["unauthorized"], 404: ["not_found"] };
    case "tenant-operate":
      return { 401: ["unauthorized"], 403: ["forbidden"], 404: ["not_found"] };
    default:
      return {};
  }
}

function mergeErrors(...lists: Partial<Record<number, ErrorCode[]>>[]): Map<number, ErrorCode[]> {
  const merged = new Map<number, ErrorCode[]>();
  for (const list of lists) {
    for (const [status, codes] of Object.entries(list)) {
      const known = merged.get(Number(status)) ?? [];
      merged.set(Number(status), [...new Set([...known, ...(codes ?? [])])]);
    }
  }
  return merged;
}

function queryParameters(query: z.ZodType): JsonSchema[] {
  const schema = inputSchema(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function operation(route: RouteContract, schemas: Record<string, JsonSchema>): JsonSchema {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: route.slugParams?.includes(name!) ? { type: "string", pattern: SLUG_PATTERN.source } : { type: "string" },
  }));
  const parameters = [...pathParameters, ...(route.query ? queryParameters(route.query) : [])];
  const responses: Record<string, JsonSchema> = {};
  for (const [status, description] of Object.entries(route.responses)) {
    const type = CONTENT_TYPES[route.produces ?? "json"];
    responses[status] = { description, content: { [type]: { schema: route.produces && route.produces !== "json" ? { type: "string" } : { type: "object" } } } };
  }
  const errors = mergeErrors(authErrors(route.auth), route.errors ?? {}, { 500: ["internal_error", "config_error"] });
  for (const [status, codes] of [...errors].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes.join(", "),
      ...(status === 429 ? { headers: { "Retry-After": { description: "seconds to wait", schema: { type: "integer" } } } } : {}),
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  if (route.body) schemas[route.body.name] = inputSchema(route.body.schema);
  const requestBody = route.body
    ? { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${route.body.name}` } } } }
    : route.auth === "signature"
      ? { required: true, description: "the provider's delivery, byte for byte", content: { "*/*": { schema: {} } } }
      : undefined;
  return {
    operationId: `${route.method}${route.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: SECURITY[route.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: RouteContract[] = ROUTES): JsonSchema {
  const schemas: Record<string, JsonSchema> = { Error: inputSchema(errorEnvelope) };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route, schemas);
  return {
    openapi: "3.1.0",
    info: {
      title: "odoo-webhook-router",
      version: "1",
      description:
        "Edge webhook router for Odoo: provider webhooks in (verified, ordered, deduplicated), Odoo writes out, and the admin and " +
        "operations API around them. Every error is the envelope in components.schemas.Error.",
    },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN (a Worker secret): the admin API, GET /metrics, and every tenant's routes" },
        tenantToken: {
          type: "http",
          scheme: "bearer",
          description:
            "A tenant token (POST /v1/admin/tenants/{tenant}/tokens) with role read or operate, valid on its own tenant's paths only " +
            "(another tenant's answer 404). Changes (replays, erasures, acknowledgements, real reconciliations) need operate.",
        },
      },
    },
  };
}

let built: JsonSchema | undefined;
/** Built once per isolate: the schemas do not change while it runs. */
export function openApiDocument(): JsonSchema {
  return (built ??= buildOpenApiDocument());
}
