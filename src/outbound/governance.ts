/**
 * Governance of the way back: what may go out, from the tenant's field ownership
 * (src/tenant/ownership.ts, routing `ownership`) and its sources.
 *
 *   stock, shipment, invoiceStatus, accountStatus
 *            Odoo is their system of record by default (DEFAULT_OWNERSHIP lists the fields): they
 *            go out wherever the routing lists the flow.
 *   price    only where Odoo owns the sale price: `product.template.list_price` (or
 *            `product.product.list_price`) owned by "odoo". By default the shop is the catalog
 *            of record and its prices come in; set {"product.template": {"list_price": "odoo"}}.
 *   consent  only where Odoo owns the blacklist: `mail.blacklist.active` owned by "odoo"
 *            (set {"mail.blacklist": {"active": "odoo"}}); otherwise consent is the provider's.
 *
 * Checked when the routing is stored (422, src/http/admin.ts) and again at ingest (an event of a
 * flow the ownership does not allow is ignored with the reason), so neither can drift.
 */
import { fieldOwner } from "../tenant/ownership";
import type { Routing } from "../tenant/routing";
import type { OutboundFlowName } from "./flow";
import { outboundFlowModule } from "./route";

/** The Odoo field a flow needs Odoo to own, for the flows that do not go out by default. */
export const OWNERSHIP_REQUIRED: Partial<Record<OutboundFlowName, { model: string; field: string; fix: string }>> = {
  price: { model: "product.product", field: "list_price", fix: '"ownership": {"product.template": {"list_price": "odoo"}}' },
  consent: { model: "mail.blacklist", field: "active", fix: '"ownership": {"mail.blacklist": {"active": "odoo"}}' },
};

/** Why the ownership keeps a flow from going out, or null when it may. */
export function ownershipRefusal(flow: OutboundFlowName, routing: Pick<Routing, "ownership">): string | null {
  const needed = OWNERSHIP_REQUIRED[flow];
  if (!needed || fieldOwner(routing, needed.model, needed.field) === "odoo") return null;
  const shown = needed.model === "product.product" ? "product.template" : needed.model;
  return `${flow} goes out only where Odoo owns ${shown}.${needed.field}, and this tenant's ownership gives it to the provider: set ${needed.fix} in the routing`;
}

export interface RoutingSource {
  source: string;
  provider: string;
  api?: unknown;
}

/**
 * The first problem of a routing's `outbound` against the tenant's sources: a `to` naming a source
 * it does not have, or one without an `api` connection, a flow whose module is not registered, a
 * flow the ownership does not let out. As {path, message} for a 422 naming the field and the fix.
 */
export function outboundRoutingProblem(routing: Routing, sources: RoutingSource[]): { path: string; message: string } | null {
  const byId = new Map(sources.map((s) => [s.source, s]));
  for (const [flow, config] of Object.entries(routing.outbound) as [OutboundFlowName, { to: string[] } | undefined][]) {
    if (!config) continue;
    if (!outboundFlowModule(flow)) {
      return { path: `outbound.${flow}`, message: `the ${flow} flow is not available in this version of the router: remove it from outbound` };
    }
    const refusal = ownershipRefusal(flow, routing);
    if (refusal) return { path: `outbound.${flow}`, message: refusal };
    for (const [index, sourceId] of config.to.entries()) {
      const source = byId.get(sourceId);
      const path = `outbound.${flow}.to.${index}`;
      if (!source) {
        return { path, message: `no source "${sourceId}" for this tenant (it has: ${[...byId.keys()].join(", ") || "none"}): create it first or name an existing one` };
      }
      if (source.provider === "odoo") return { path, message: `source "${sourceId}" is the Odoo source itself: name a provider's source` };
      if (!source.api) {
        return { path, message: `source "${sourceId}" has no api connection: PUT /v1/admin/tenants/{tenant}/sources/${sourceId} with an "api" first` };
      }
    }
  }
  return null;
}
