/**
 * The HTTP app: every route group mounted at its path, the request id, the one error envelope.
 * Kept apart from src/index.ts (the Worker's entry, with its Durable Object classes) so that the
 * OpenAPI document's tests can walk `app.routes` in plain Node.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { newRequestId } from "../ids";
import { keyRingOf, SecretKeyConfigError } from "../security/secret-box";
import { admin } from "./admin";
import { audit } from "./audit";
import { consoleApp } from "./console";
import { ApiError, errorBody } from "./errors";
import { ingest } from "./ingest";
import { openApiDocument } from "./openapi";
import { prometheus } from "./prometheus";

export const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  c.set("requestId", c.req.header("cf-ray") ?? newRequestId());
  // A malformed key configuration fails the first request with a log naming the variable.
  keyRingOf(c.env);
  await next();
});

app.get("/", (c) => c.json({ service: "odoo-webhook-router", ok: true }));
app.route("/webhooks", ingest);
app.route("/v1/admin", admin);
app.route("/v1/tenants", audit);
app.route("/metrics", prometheus);
app.route("/console", consoleApp);
// The API's contract (src/http/openapi.ts), public and the same for every caller: cached by clients for 5 minutes.
app.get("/openapi.json", (c) => c.json(openApiDocument(), 200, { "cache-control": "public, max-age=300" }));

app.notFound((c) => c.json(errorBody("not_found", "no such route", c.get("requestId")), 404));

app.onError((err, c) => {
  const requestId = c.get("requestId") ?? newRequestId();
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, requestId), err.status, err.headers);
  if (err instanceof SecretKeyConfigError) {
    // The operator's to fix: the message names the variable and the format, never a key's value.
    console.error({ msg: "configuration error", requestId, err: err.message });
    return c.json(errorBody("config_error", err.message, requestId), 500);
  }
  // Never echo internal messages: they can carry configuration or data.
  console.error({ msg: "unhandled error", requestId, err: err instanceof Error ? err.stack : String(err) });
  return c.json(errorBody("internal_error", "internal error", requestId), 500);
});
