/**
 * Change audit of the admin and operate APIs:
 *   GET /v1/admin/changes?cursor=&limit=             every tenant's changes (admin token)
 *   GET /v1/tenants/{t}/changes?cursor=&limit=       one tenant's (its token or the admin token)
 *       -> {"items":[{id,tenant,action,target,actor:{kind,tokenId,role},requestId,at,before,after}],"nextCursor"}
 * newest first, paged like the events list. Handlers that change something call `recordChange`.
 */
import { Hono, type Context } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { listChanges, recordChange as insertChange, type ChangeInput } from "../db/admin-changes";
import { ApiError } from "./errors";

export const changesQuery = z.object({
  cursor: z
    .string()
    .regex(/^chg_[0-9A-Z]{26}$/, "is not a cursor returned by this API")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function parseQuery(c: Context<AppEnv>) {
  const parsed = changesQuery.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_request", `${issue?.path.join(".") || "query"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Records a change made by this request's caller (secrets in before/after are redacted). */
export function recordChange(c: Context<AppEnv>, change: Omit<ChangeInput, "caller" | "requestId">): Promise<string> {
  return insertChange(c.env.DB, { ...change, caller: c.get("caller"), requestId: c.get("requestId") });
}

/** Mounted in the admin app (behind the admin token). */
export const adminChangesApi = new Hono<AppEnv>();
adminChangesApi.get("/changes", async (c) => {
  const q = parseQuery(c);
  const { items, last } = await listChanges(c.env.DB, { before: q.cursor, limit: q.limit });
  return c.json({ items, nextCursor: last });
});

/** Mounted in the audit app (behind its tenant authentication: another tenant's path is 404). */
export const tenantChangesApi = new Hono<AppEnv>();
tenantChangesApi.get("/:tenant/changes", async (c) => {
  const q = parseQuery(c);
  const { items, last } = await listChanges(c.env.DB, { tenantId: c.req.param("tenant"), before: q.cursor, limit: q.limit });
  return c.json({ items, nextCursor: last });
});
