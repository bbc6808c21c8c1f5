/**
 * A tenant's Odoo routing (PUT /v1/admin/tenants/{t}/routing): how canonical events are written
 * into its Odoo beyond the defaults. Every PUT stores a new version; the audit trail says which
 * version wrote each record (`routingVersion` on the Odoo attempt).
 */
import * as z from "zod";
import { isOutboundFlow, outboundRoutingSchema } from "../outbound/flow";
import { FIELD_OWNERS } from "./ownership";

const TRANSFORMS = ["none", "trim", "upper", "lower", "string", "number", "boolean"] as const;

/**
 * Fields the flows find records by or drive themselves: a mapping overwriting them would make a
 * retry miss the record it created (and create it again), or fight the flow.
 */
const RESERVED_FIELDS = new Set(["id", "ref", "origin", "default_code", "barcode", "memo", "parent_id", "move_type", "state", "referred"]);

const fieldMapping = z
  .object({
    /** Dotted path in the canonical event, e.g. "data.email" or "data.address.countryCode". */
    from: z.string().regex(/^[A-Za-z0-9_.]+$/),
    /** Odoo field on the record the flow writes, e.g. "x_shopify_tags" or "comment". */
    to: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .refine((f) => !RESERVED_FIELDS.has(f), {
        message: "this field holds the router's own reference or state (records are found by it): map to another field",
      }),
    transform: z.enum(TRANSFORMS).default("none"),
  })
  .strict();

const odooField = z.string().regex(/^[a-z][a-z0-9_]*$/, "an Odoo field name such as user_id");

/** Odoo model -> field -> who owns it (tenant/ownership.ts; fields not listed: the defaults there). */
const ownershipSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, "an Odoo model name such as res.partner"),
  z.record(
    odooField.refine((f) => !RESERVED_FIELDS.has(f), {
      message: "this field holds the router's own reference or state (records are found by it): it cannot be owned by Odoo",
    }),
    z.enum(FIELD_OWNERS),
  ),
);

/** The kinds that have an Odoo flow (src/odoo/writers/index.ts has a writer for each, checked by type). */
export const WRITTEN_KINDS = ["customer", "company", "product", "order", "payment", "refund", "invoice", "deal", "ticket"] as const;
export type WrittenKind = (typeof WRITTEN_KINDS)[number];

/** Kinds whose Odoo records have `active` (res.partner, product.template). */
const ARCHIVABLE_KINDS: readonly string[] = ["customer", "company", "product"];

export const routingSchema = z
  .object({
    /**
     * Which kinds go to Odoo: "write" (the default) or "ignore" (acknowledged and recorded as
     * ignored at ingest, e.g. a tenant that keeps its contacts in Odoo itself), or
     * `{mode: "realtime" | "batch"}`: "realtime" is "write"; "batch" writes on the source's
     * reconciliation schedule, the newest version of each record once (src/reconcile/schedule.ts).
     */
    flows: z
      .partialRecord(z.enum(WRITTEN_KINDS), z.union([z.enum(["write", "ignore"]), z.object({ mode: z.enum(["realtime", "batch"]) }).strict()]))
      .default({}),
    /**
     * What an entity deleted upstream does in Odoo (a thin event whose object the provider no
     * longer has, or a thin "deleted"): "ignore" (the default: recorded as ignored, with the
     * reason) or "archive" (active = false; partners and products only).
     */
    deletes: z
      .partialRecord(z.enum(WRITTEN_KINDS), z.enum(["ignore", "archive"]))
      .default({})
      .superRefine((deletes, ctx) => {
        for (const [kind, action] of Object.entries(deletes)) {
          if (action === "archive" && !ARCHIVABLE_KINDS.includes(kind)) {
            ctx.addIssue({ code: "custom", path: [kind], message: `only ${ARCHIVABLE_KINDS.join(", ")} records can be archived (use "ignore")` });
          }
        }
      }),
    /** Multi-company databases: the company records are created in (allowed_company_ids + company_id). */
    companyId: z.number().int().positive().optional(),
    /** An order line whose product is not in Odoo: create it, or dead-letter the order. */
    productNotFound: z.enum(["create", "dead"]).default("create"),
    /**
     * account.tax ids set on every order line (shipping included). Without it Odoo computes each
     * line's taxes from the product and the customer's fiscal position, as when a user adds it.
     */
    lineTaxIds: z.array(z.number().int().positive()).max(10).optional(),
    /** Internal reference of the service product that order shipping lines use (created if missing). */
    shippingProductCode: z.string().min(1).default("SHIPPING"),
    /** crm.lead field holding the router's reference of a deal (crm.lead has no `ref`). */
    dealReferenceField: z.string().regex(/^[a-z][a-z0-9_]*$/).default("referred"),
    /** Provider deal stage (id or name) -> Odoo crm.stage name. */
    dealStages: z.record(z.string(), z.string()).default({}),
    /**
     * Payments of an order that has no open invoice: "on_payment" confirms the order and creates and
     * posts its invoice so the payment is registered against it; "never" leaves invoicing to Odoo's
     * users and records the payment on the customer's account (an outstanding credit Odoo offers to
     * reconcile when the invoice is posted).
     */
    orderInvoicing: z.enum(["never", "on_payment"]).default("never"),
    /** account.journal id payments and refunds are registered in, per provider id or "default". */
    paymentJournals: z.record(z.string(), z.number().int().positive()).default({}),
    /** ISO code of amounts whose event carries no currency (else the Odoo company's currency). */
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
    /**
     * The currencies this tenant's sources sell in (ISO codes), checked by odoo/check: an active
     * res.currency for each and, for orders, a pricelist. Optional: the codes of `pricelists` and
     * `defaultCurrency` are checked anyway.
     */
    currencies: z.array(z.string().regex(/^[A-Z]{3}$/)).max(50).optional(),
    /**
     * Orders take the pricelist of their currency (in Odoo an order's currency IS its pricelist's):
     * the one named here by ISO code ("EUR": <product.pricelist id>), else the first active
     * pricelist in that currency, else one created by the router when `create` is true. Otherwise
     * an order in a currency without a pricelist is dead-lettered with a configuration error (its
     * amounts are never written as if they were in another currency). An order in the company
     * currency without a pricelist in it keeps Odoo's default.
     */
    pricelists: z
      .object({ create: z.boolean().default(false) })
      .catchall(z.number().int().positive())
      .superRefine((value, issue) => {
        for (const key of Object.keys(value)) {
          if (key !== "create" && !/^[A-Z]{3}$/.test(key)) {
            issue.addIssue({ code: "custom", path: [key], message: 'pricelists keys are "create" or ISO currency codes such as "EUR"' });
          }
        }
      })
      .prefault({}),
    /**
     * A product price in another currency than the Odoo company's: "convert" it at Odoo's current
     * rate (res.currency `rate`, as res.currency._convert does), "flag" it (the price is not
     * written and the event's audit detail says why), or "ignore" the currency (the number is
     * written as is, the behaviour before this key existed).
     */
    productPriceCurrency: z.enum(["convert", "flag", "ignore"]).default("convert"),
    /** Where tickets go when the Helpdesk app is not installed, and how their statuses map. */
    tickets: z
      .object({
        /** "project.task": a task in `projectId`; "none": tickets wait (dead-lettered, replayable). */
        fallback: z.enum(["none", "project.task"]).default("none"),
        projectId: z.number().int().positive().optional(),
        /** helpdesk.team id of new tickets (else Odoo's default team). */
        teamId: z.number().int().positive().optional(),
        /** Provider ticket status -> Odoo helpdesk.stage name (defaults in writers/ticket.ts). */
        stages: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .refine((t) => t.fallback !== "project.task" || t.projectId !== undefined, {
        message: 'tickets.fallback "project.task" needs tickets.projectId',
      })
      // prefault: zod 4 returns a .default() as is; this parses {} so the inner defaults apply.
      .prefault({}),
    /** Extra fields per canonical kind, written on top of the flow's own values. */
    fields: z.record(z.string(), z.array(fieldMapping).max(50)).default({}),
    /**
     * System of record per Odoo model and field: "provider" (written on every update), "odoo" or
     * "create-only" (set on create, never overwritten by provider updates). On top of the
     * defaults in tenant/ownership.ts, e.g. {"res.partner": {"user_id": "create-only"}}.
     */
    ownership: ownershipSchema.default({}),
    /**
     * The way back (src/outbound/flow.ts): what Odoo owns goes out to the providers' API
     * connections named in each flow's `to`. Every flow is off unless listed.
     */
    outbound: outboundRoutingSchema.default({}),
  })
  .strict();

export type Routing = z.infer<typeof routingSchema>;
export type FieldMapping = z.infer<typeof fieldMapping>;

export const DEFAULT_ROUTING: Routing = routingSchema.parse({});

/** Reads a dotted path out of a canonical event. */
function pick(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function transform(value: unknown, how: FieldMapping["transform"]): unknown {
  if (value === undefined || value === null) return false; // Odoo's "empty"
  switch (how) {
    case "trim":
      return String(value).trim();
    case "upper":
      return String(value).toUpperCase();
    case "lower":
      return String(value).toLowerCase();
    case "string":
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    case "number":
      return Number(value);
    case "boolean":
      return Boolean(value);
    default:
      return value;
  }
}

/**
 * The extra Odoo values the tenant's field mappings take from an event of this kind. Of a partial
 * change, only mappings of data it carries (or of the envelope) apply: the others would empty
 * their Odoo field.
 */
export function mappedValues(routing: Routing, kind: string, event: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const mapping of routing.fields[kind] ?? []) {
    if (!carries(event, mapping.from)) continue;
    values[mapping.to] = transform(pick(event, mapping.from), mapping.transform);
  }
  return values;
}

/** Whether an event carries the value at `path` (a full snapshot carries everything). */
function carries(event: unknown, path: string): boolean {
  const { completeness, changed } = (event ?? {}) as { completeness?: string; changed?: string[] };
  if (completeness !== "partial" || !path.startsWith("data.")) return true;
  const dataPath = path.slice("data.".length);
  return (changed ?? []).some((field) => dataPath === field || dataPath.startsWith(`${field}.`) || field.startsWith(`${dataPath}.`));
}

/** How a kind's writes go to Odoo: "realtime" (released at once), "batch" (held for the schedule) or "ignore". */
export function flowMode(routing: Routing, kind: string): "realtime" | "batch" | "ignore" {
  // The way back: a flow not listed under `outbound` sends nothing; a batch one waits for the
  // Odoo source's reconciliation slot, like an inbound batch flow.
  if (isOutboundFlow(kind)) return routing.outbound[kind]?.mode ?? "ignore";
  const flow = routing.flows[kind as WrittenKind];
  if (flow === "ignore") return "ignore";
  return typeof flow === "object" ? flow.mode : "realtime";
}
