/**
 * Tickets (Zendesk) -> `helpdesk.ticket` when the Helpdesk app is installed, else the tenant's
 * fallback (`routing.tickets.fallback`: a `project.task` in a configured project), else a clear
 * business error (dead-lettered, replayable once the app is installed or the fallback configured).
 *
 * Neither model has a field to hold the router's reference, so the record gets an external id
 * (`ir.model.data`, "__router__.<source>_<ticket id>") created in the SAME call as the record by
 * Odoo's `load`: a create whose response was lost is found by its external id, never duplicated.
 */
import type { TicketData } from "../../events/canonical";
import { searchOne } from "../client";
import { OdooError } from "../errors";
import { externalRef, lookupId, upsert, type WriteContext, type WriteResult } from "./context";
import { ownedValues } from "../../tenant/ownership";

type TicketModel = "helpdesk.ticket" | "project.task";
const isTicketModel = (model: string): model is TicketModel => model === "helpdesk.ticket" || model === "project.task";

/** Zendesk statuses -> the stage names of a default Helpdesk team (routing.tickets.stages overrides). */
const DEFAULT_STAGES: Record<string, string> = {
  new: "New",
  open: "In Progress",
  pending: "In Progress",
  hold: "In Progress",
  solved: "Solved",
  closed: "Solved",
};
const HELPDESK_PRIORITY: Record<string, string> = { low: "0", normal: "1", high: "2", urgent: "3" };
const CLOSED_STATUSES = new Set(["solved", "closed"]);

export async function writeTicket(ctx: WriteContext, externalId: string, data: TicketData): Promise<WriteResult> {
  const xmlid = `__router__.${externalRef(ctx, externalId).replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const name = data.subject || `Ticket ${externalId}`;

  // A ticket already written stays where it is (a task made before Helpdesk was installed too).
  const mapped = await ctx.mappings.get("ticket", externalId);
  const model: TicketModel = mapped && isTicketModel(mapped.model) ? mapped.model : await ticketModel(ctx);
  const values = { name, ...(await ticketValues(ctx, model, data)), ...ctx.extraValues };
  let id = mapped?.model === model ? mapped.id : null;
  let created = false;
  if (id !== null) {
    try {
      await ctx.odoo.call(model, "write", [[id], ownedValues(ctx.routing, model, values, "update")]);
    } catch (err) {
      // Deleted in Odoo: made again below (load() also repairs an external id left dangling).
      if (!(err instanceof OdooError && err.category === "not_found")) throw err;
      id = null;
    }
  }
  if (id === null) {
    id = await loadByExternalId(ctx, model, xmlid, name);
    created = mapped === null;
    // load() made the record with its name only: this write completes its creation.
    await ctx.odoo.call(model, "write", [[id], ownedValues(ctx.routing, model, values, "create")]);
  }
  await ctx.mappings.put("ticket", externalId, { model, id });
  return { odoo: { model, id }, detail: { created, model, externalIdInOdoo: xmlid } };
}

/** Database conflicts Odoo's load() reports as messages instead of raising them. */
const TRANSIENT_LOAD_ERROR = /could not serialize|concurrent update|deadlock|lock not available|could not obtain lock/i;

/** load() creates the record and its external id together, or finds it by that id. */
async function loadByExternalId(ctx: WriteContext, model: TicketModel, xmlid: string, name: string): Promise<number> {
  const result = await ctx.odoo.call<{ ids: number[] | false; messages: { message: string }[] }>(model, "load", [
    ["id", "name"],
    [[xmlid, name]],
  ]);
  if (result.ids && result.ids.length > 0) return result.ids[0]!;
  const reason = result.messages.map((m) => m.message).join("; ") || "no reason given";
  throw new OdooError(TRANSIENT_LOAD_ERROR.test(reason) ? "retryable" : "business", `Odoo refused the ticket: ${reason}`);
}

/** helpdesk.ticket if this database has it (asked once per batch), else the configured fallback. */
async function ticketModel(ctx: WriteContext): Promise<TicketModel> {
  const domain = [["model", "=", "helpdesk.ticket"]];
  if ((await lookupId(ctx, "ir.model", domain)) !== null) return "helpdesk.ticket";
  if (ctx.routing.tickets.fallback === "project.task") return "project.task";
  // Asked again uncached before failing: the app may have been installed since it was cached.
  if ((await searchOne(ctx.odoo, "ir.model", domain)) !== null) return "helpdesk.ticket";
  throw new OdooError(
    "business",
    'the Helpdesk app (helpdesk.ticket) is not installed in this Odoo: install it, or set the tenant routing "tickets": {"fallback": "project.task", "projectId": <project id>}, then replay',
  );
}

async function ticketValues(ctx: WriteContext, model: TicketModel, data: TicketData): Promise<Record<string, unknown>> {
  const partnerId = await requesterPartner(ctx, data);
  const description = data.description ? `<p>${escapeHtml(data.description).replace(/\n/g, "<br>")}</p>` : false;
  if (model === "project.task") {
    return {
      project_id: ctx.routing.tickets.projectId,
      description,
      ...(partnerId ? { partner_id: partnerId } : {}),
      priority: data.priority === "high" || data.priority === "urgent" ? "1" : "0",
      ...(data.status && CLOSED_STATUSES.has(data.status) ? { state: "1_done" } : {}),
    };
  }
  const stageName = data.status ? (ctx.routing.tickets.stages[data.status] ?? DEFAULT_STAGES[data.status]) : undefined;
  const stageId = stageName ? await lookupId(ctx, "helpdesk.stage", [["name", "=", stageName]]) : null;
  return {
    description,
    ...(ctx.routing.tickets.teamId ? { team_id: ctx.routing.tickets.teamId } : {}),
    ...(partnerId ? { partner_id: partnerId } : {}),
    ...(data.requesterEmail ? { partner_email: data.requesterEmail } : {}),
    ...(data.requesterName ? { partner_name: data.requesterName } : {}),
    ...(data.priority && HELPDESK_PRIORITY[data.priority] ? { priority: HELPDESK_PRIORITY[data.priority] } : {}),
    ...(stageId ? { stage_id: stageId } : {}),
  };
}

/**
 * The requester's contact: the customer written from the provider's user events when there is
 * one (linked if already in Odoo; a ticket does not wait for it), else found or made by email.
 */
async function requesterPartner(ctx: WriteContext, data: TicketData): Promise<number | null> {
  if (data.requester) {
    const mapped = await ctx.mappings.get(data.requester.kind, data.requester.externalId);
    if (mapped?.model === "res.partner") return mapped.id;
  }
  return data.requesterEmail ? requester(ctx, data.requesterEmail, data.requesterName) : null;
}

/** The requester's contact, found by email (case-insensitive) or created once per email. */
async function requester(ctx: WriteContext, email: string, name: string | null): Promise<number> {
  const key = email.trim().toLowerCase();
  const { id } = await upsert(ctx, {
    kind: "requester",
    externalId: key,
    model: "res.partner",
    // =ilike is SQL ILIKE: "_" and "%" in an address must not act as wildcards.
    domain: [["email", "=ilike", key.replace(/[\\%_]/g, "\\$&")]],
    values: { name: name || key, email: key },
    update: false,
  });
  return id;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
