/**
 * Erasures (bearer `operate` tenant token or admin token), mounted inside the audit app:
 *   POST /v1/tenants/{t}/erasures  {"email"} | {"externalId", "source"?}
 *        -> 200 {"id","tenant","requestedBy","subject":{type,hash,source},"counts":{...},"at"}
 *   GET  /v1/tenants/{t}/erasures -> {"items":[...]}, newest first (the record of who erased when)
 * Erases a person's data from the router's storage (stored payloads, audit trail), not from Odoo.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { tenantExists } from "../db/tenants";
import { tenantRegion } from "../db/tenant-regions";
import { entityNamespace, tenantDb } from "../tenant/region";
import { erasePerson, listErasures } from "../retention/erasure";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";
import { recordChange } from "./changes";

export const erasureBody = z
  .object({
    email: z.email().max(320).optional(),
    externalId: z.string().min(1).max(255).optional(),
    source: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.email === undefined) === (body.externalId === undefined)) {
      ctx.addIssue({ code: "custom", path: ["email"], message: 'give exactly one of "email" or "externalId"' });
    }
    if (body.source !== undefined && body.externalId === undefined) {
      ctx.addIssue({ code: "custom", path: ["source"], message: 'only goes with "externalId"' });
    }
  });

export const erasuresApi = new Hono<AppEnv>();

erasuresApi.post("/:tenant/erasures", async (c) => {
  const caller = c.get("caller");
  if (caller.kind === "tenant" && caller.role !== "operate") {
    throw new ApiError(403, "forbidden", "erasures need an operate token");
  }
  const tenantId = c.req.param("tenant");
  const body = await parseJsonBody(c, erasureBody);
  if (!(await tenantExists(c.env, tenantId))) throw new ApiError(404, "not_found", "no such tenant");
  const subject = body.email !== undefined ? { email: body.email } : { externalId: body.externalId!, source: body.source };
  const requestedBy = caller.kind === "admin" ? "admin" : `token:${caller.tokenId ?? "unknown"}`;
  // The tenant's own region: its audit database and its entity objects' jurisdiction.
  const region = await tenantRegion(c.env, tenantId, readSettings(c.env).sourceCacheSeconds);
  const storage = { d1: tenantDb(c.env, region), entities: entityNamespace(c.env, region) };
  const record = await erasePerson(storage, tenantId, subject, requestedBy, Date.now());
  // The change record names the erasure and its counts, never the person (no email, no hash).
  await recordChange(c, {
    tenantId,
    action: "erasure.create",
    target: record.id,
    before: null,
    after: { id: record.id, subjectType: record.subject.type, source: record.subject.source ?? null, counts: record.counts },
  });
  return c.json(record);
});

erasuresApi.get("/:tenant/erasures", async (c) => {
  const tenantId = c.req.param("tenant");
  const region = await tenantRegion(c.env, tenantId, readSettings(c.env).sourceCacheSeconds);
  return c.json({ items: await listErasures(tenantDb(c.env, region), tenantId) });
});
