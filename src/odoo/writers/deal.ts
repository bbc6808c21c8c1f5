/**
 * Deals (Salesforce Opportunity, HubSpot deal) -> `crm.lead` of type opportunity. crm.lead has no
 * external reference field, so the router's reference goes in the field the tenant's routing names
 * (`dealReferenceField`, default `referred`, "Referred By"), which makes the lead findable again
 * after a lost response. Stages map through the routing's `dealStages` to crm.stage names; won and
 * lost use Odoo's own actions (lost is an archive, not a stage). Fields a partial event (HubSpot
 * property change) does not carry are left as they are.
 */
import { dateFieldMillis, toDecimal, type DealData } from "../../events/canonical";
import { externalRef, lookupId, upsert, type WriteContext, type WriteResult } from "./context";

/** HubSpot deal properties -> canonical deal fields, for property-change events. */
const HUBSPOT_PROPERTIES: Record<string, keyof DealData> = {
  dealname: "title",
  dealstage: "stage",
  closedate: "closeDate",
};

export async function writeDeal(ctx: WriteContext, externalId: string, data: DealData): Promise<WriteResult> {
  const deal = withChanges(data);
  const ref = externalRef(ctx, externalId);
  const refField = ctx.routing.dealReferenceField;
  const values: Record<string, unknown> = { type: "opportunity", [refField]: ref };
  if (deal.title) values.name = deal.title;
  if (deal.amount) values.expected_revenue = toDecimal(deal.amount);
  if (deal.closeDate) values.date_deadline = dateOnly(deal.closeDate);
  const partnerId = await linkedPartner(ctx, deal);
  if (partnerId) values.partner_id = partnerId;
  if (deal.stage) {
    const stageName = ctx.routing.dealStages[deal.stage] ?? deal.stage;
    const stageId = await lookupId(ctx, "crm.stage", [["name", "=", stageName]]);
    if (stageId) values.stage_id = stageId;
  }
  const mapped = await ctx.mappings.get("deal", externalId);
  if (!mapped && !values.name) values.name = `Deal ${externalId}`; // name is required on create
  const { id, created } = await upsert(ctx, {
    kind: "deal",
    externalId,
    model: "crm.lead",
    domain: [[refField, "=", ref]],
    values,
    update: true,
  });
  if (deal.status === "won") await ctx.odoo.call("crm.lead", "action_set_won", [[id]]);
  if (deal.status === "lost") await ctx.odoo.call("crm.lead", "action_set_lost", [[id]]);
  return { odoo: { model: "crm.lead", id }, detail: { created, status: deal.status } };
}

function withChanges(data: DealData): DealData {
  if (!data.changes) return data;
  const deal = { ...data };
  for (const [property, value] of Object.entries(data.changes)) {
    const field = HUBSPOT_PROPERTIES[property];
    if (field && typeof value === "string") (deal as Record<string, unknown>)[field] = value;
    // HubSpot's built-in closing stages mean won / lost, whatever the pipeline calls them.
    if (property === "dealstage" && value === "closedwon") deal.status = "won";
    if (property === "dealstage" && value === "closedlost") deal.status = "lost";
    if (property === "amount" && value !== null && value !== "" && !Number.isNaN(Number(value))) {
      deal.amount = { amount: Math.round(Number(value) * 100), currency: data.amount?.currency ?? null };
    }
  }
  return deal;
}

/** The deal's company or contact, when the router already wrote it (never created from a deal). */
async function linkedPartner(ctx: WriteContext, deal: DealData): Promise<number | null> {
  for (const ref of [deal.company, deal.contact]) {
    if (!ref) continue;
    const mapped = await ctx.mappings.get(ref.kind, ref.externalId);
    if (mapped?.model === "res.partner") return mapped.id;
  }
  return null;
}

/** "2026-11-20T…" or HubSpot's epoch milliseconds ("1732060800000") -> "2026-11-20". */
function dateOnly(value: string): string | false {
  // Out of Odoo's date range (a HubSpot property change carrying 1e20) reads as no date.
  const time = dateFieldMillis(value);
  return time === null ? false : new Date(time).toISOString().slice(0, 10);
}
