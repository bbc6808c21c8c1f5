/**
 * The OpenAPI document and the app agree: every route mounted in the Hono app (src/http/app.ts,
 * walked through `app.routes`) is in the document with its method, and every documented operation
 * is mounted. Middleware entries (method ALL) are not routes.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../src/http/app";
import { openApiDocument } from "../../src/http/openapi";

/** `/v1/tenants/:tenant/events` -> `/v1/tenants/{tenant}/events`; a mount's trailing slash dropped. */
function openApiPath(honoPath: string): string {
  const path = honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

function mountedOperations(): string[] {
  const operations = app.routes.filter((r) => r.method !== "ALL" && r.method !== "HEAD").map((r) => `${r.method} ${openApiPath(r.path)}`);
  return [...new Set(operations)].sort();
}

function documentedOperations(): string[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe("the OpenAPI document covers the app", () => {
  it("documents every mounted route, and mounts every documented one", () => {
    const mounted = mountedOperations();
    const documented = documentedOperations();
    expect(mounted.filter((op) => !documented.includes(op)), "mounted but not in the document").toEqual([]);
    expect(documented.filter((op) => !mounted.includes(op)), "in the document but not mounted").toEqual([]);
  });

  it("finds the routes of every group (the walk sees nested mounts)", () => {
    const mounted = mountedOperations();
    expect(mounted).toEqual(
      expect.arrayContaining([
        "POST /webhooks/{tenant}/{source}",
        "PUT /v1/admin/tenants/{tenant}/sources/{source}",
        "DELETE /v1/admin/tenants/{tenant}/tokens/{id}",
        "GET /v1/tenants/{tenant}/exceptions",
        "POST /v1/tenants/{tenant}/alerts/{id}/ack",
        "GET /metrics",
        "GET /console",
        "GET /openapi.json",
      ]),
    );
  });
});
