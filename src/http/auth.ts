/**
 * Bearer authentication. The admin API takes only ADMIN_TOKEN; the audit API takes ADMIN_TOKEN or a
 * tenant token (stored as its SHA-256; refused once revoked or expired). A tenant token used on another tenant's path gets 404, the
 * same answer as a tenant that does not exist, so tokens reveal nothing about other tenants.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { findApiToken, touchApiToken } from "../db/api-tokens";
import { sha256Hex, timingSafeEqualText } from "../security/digest";
import { ApiError } from "./errors";

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

const unauthorized = () => new ApiError(401, "unauthorized", "a valid bearer token is required");

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (!token || !c.env.ADMIN_TOKEN || !(await timingSafeEqualText(token, c.env.ADMIN_TOKEN))) throw unauthorized();
  c.set("caller", { kind: "admin" });
  await next();
});

/** For routes under /v1/tenants/:tenant: admin, or a token of that very tenant. */
export const requireTenantReader = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (!token) throw unauthorized();
  if (c.env.ADMIN_TOKEN && (await timingSafeEqualText(token, c.env.ADMIN_TOKEN))) {
    c.set("caller", { kind: "admin" });
    return next();
  }
  // Revoked and expired tokens are not found: refused from the next request on.
  const found = await findApiToken(c.env, await sha256Hex(token));
  if (!found) throw unauthorized();
  if (found.tenantId !== c.req.param("tenant")) throw new ApiError(404, "not_found", "no such tenant");
  await touchApiToken(c.env, found);
  c.set("caller", { kind: "tenant", tenantId: found.tenantId, role: found.role, tokenId: found.id });
  await next();
});
