/**
 * What the router watches in a tenant's Odoo: per outbound flow the routing enables, the records
 * its module says to watch on that Odoo version (`watches(version)`, src/outbound/flow.ts).
 * Provisioning installs a rule per watched model, the poller lists each one, a callback is mapped
 * to its entity with the watch's `entityOf`.
 */
import { OUTBOUND_FLOWS, type OutboundFlow, type OutboundFlowName, type WatchedModel } from "../../outbound/flow";
import { outboundFlowModule } from "../../outbound/route";
import type { Routing } from "../../tenant/routing";

export interface FlowWatch {
  flow: OutboundFlowName;
  watch: WatchedModel;
}

/** A flow's module, by name. */
export type FlowModules = (flow: OutboundFlowName) => OutboundFlow | undefined;

/** The registered modules (src/outbound/flows/index.ts), test stand-ins included (src/outbound/route.ts). */
export const registeredFlows: FlowModules = (flow) => outboundFlowModule(flow);

/** The watched models of the flows the routing enables (routing `outbound`), in flow order. */
export function watchesOf(routing: Pick<Routing, "outbound">, odooVersion: number, modules: FlowModules = registeredFlows): FlowWatch[] {
  const out: FlowWatch[] = [];
  for (const flow of OUTBOUND_FLOWS) {
    if (!routing.outbound?.[flow]) continue;
    for (const watch of modules(flow)?.watches(odooVersion) ?? []) out.push({ flow, watch });
  }
  return out;
}

/** The watch of one flow on one model, or null (the flow no longer watches it on this version). */
export function watchOf(flow: OutboundFlowName, model: string, odooVersion: number, modules: FlowModules = registeredFlows): WatchedModel | null {
  return modules(flow)?.watches(odooVersion).find((w) => w.model === model) ?? null;
}

/** "19.0", "18.0+e", "saas~18.2" -> 19, 18, 18; null when unknown. */
export function majorVersion(serverVersion: string | null | undefined): number | null {
  const major = Number.parseInt((serverVersion ?? "").replace(/^saas~/, ""), 10);
  return Number.isFinite(major) ? major : null;
}
