/**
 * `POST|GET|DELETE /v1/admin/tenants/{t}/odoo/automations` (admin token): the callbacks of an Odoo
 * source in the tenant's Odoo 17+ (src/odoo/source/provisioning.ts). POST provisions them
 * idempotently for the routing's outbound flows (and records them on the source: a callback is
 * checked against them), GET lists them with their state in Odoo, DELETE removes them. Odoo 16 ->
 * 409 automations_unsupported (its changes are polled). The URL token is never shown.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env";
import { SLUG_PATTERN } from "../ids";
import { automationStates, openOdooSource, provisionAutomations, removeAutomations } from "../odoo/source/automations";
import { recordChange } from "./changes";
import { ApiError } from "./errors";
import { parseJsonBody } from "./json-body";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const automationsBody = z
  .object({
    /** The Odoo source (provider "odoo") whose URL the rules call. */
    source: z.string().regex(SLUG_PATTERN, "must be a source id"),
    /** The router's public base URL as Odoo reaches it, e.g. "https://router.example.com". */
    publicUrl: z
      .url({ protocol: /^https?$/, error: "must be an https URL (Odoo sends the token in it)" })
      // http only to this machine (`npm run dev` beside a local Odoo): the token never crosses a network in clear.
      .refine((u) => !URL.canParse(u) || new URL(u).protocol === "https:" || LOOPBACK.has(new URL(u).hostname), "must be an https URL (Odoo sends the token in it); http only for localhost")
      .refine((u) => !URL.canParse(u) || (!new URL(u).search && !new URL(u).hash), "must not carry a query or fragment"),
  })
  .strict();

export const automationsQuery = z.object({ source: z.string().regex(SLUG_PATTERN, "must be a source id") }).strict();

function sourceOf(raw: Record<string, string>): string {
  const parsed = automationsQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_request", `${issue?.path.join(".") || "query"}: ${issue?.message} (?source=<the Odoo source id>)`);
  }
  return parsed.data.source;
}

export const odooAutomations = new Hono<AppEnv>();

odooAutomations.post("/tenants/:tenant/odoo/automations", async (c) => {
  const tenant = c.req.param("tenant");
  const body = await parseJsonBody(c, automationsBody);
  const ctx = await openOdooSource(c.env, tenant, body.source);
  const result = await provisionAutomations(c.env, ctx, body.publicUrl);
  await recordChange(c, { tenantId: tenant, action: "odoo.automations.put", target: body.source, before: null, after: { ...result } });
  return c.json(result, 200);
});

odooAutomations.get("/tenants/:tenant/odoo/automations", async (c) => {
  const tenant = c.req.param("tenant");
  const source = sourceOf(c.req.query());
  const ctx = await openOdooSource(c.env, tenant, source);
  if (ctx.version < 17) {
    return c.json({ tenant, source, odooVersion: ctx.version, supported: false, polling: true, pollSeconds: ctx.options.pollSeconds, items: [], stray: [] });
  }
  const { states, stray } = await automationStates(c.env, ctx);
  return c.json({ tenant, source, odooVersion: ctx.version, supported: true, polling: true, pollSeconds: ctx.options.pollSeconds, items: states, stray });
});

odooAutomations.delete("/tenants/:tenant/odoo/automations", async (c) => {
  const tenant = c.req.param("tenant");
  const source = sourceOf(c.req.query());
  const ctx = await openOdooSource(c.env, tenant, source);
  const result = await removeAutomations(c.env, ctx);
  await recordChange(c, { tenantId: tenant, action: "odoo.automations.delete", target: source, before: null, after: result });
  return c.json(result, 200);
});
