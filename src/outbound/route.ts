/**
 * Whether an outbound event (kind = flow name, on the tenant's Odoo source) has somewhere to go:
 * the routing must list the flow under `outbound` and its module must be registered
 * (src/outbound/flows/index.ts). Otherwise it is recorded `ignored` at ingest with the fix.
 */
import type { Routing } from "../tenant/routing";
import type { OutboundFlow, OutboundFlowName } from "./flow";
import { OUTBOUND_FLOW_MODULES } from "./flows";
import { ownershipRefusal } from "./governance";

export type OutboundRoute = { flow: OutboundFlow; config: NonNullable<Routing["outbound"][OutboundFlowName]> } | { flow: null; reason: string };

export function outboundRoute(kind: OutboundFlowName, routing: Routing): OutboundRoute {
  const config = routing.outbound[kind];
  if (!config) {
    return {
      flow: null,
      reason: `routing has no outbound.${kind} (PUT /v1/admin/tenants/{tenant}/routing {"outbound":{"${kind}":{"to":["<source id>"]}}} to send it)`,
    };
  }
  const flow = outboundFlowModule(kind);
  if (!flow) return { flow: null, reason: `outbound flow "${kind}" is not available in this version of the router (no module registered)` };
  const refusal = ownershipRefusal(kind, routing);
  if (refusal) return { flow: null, reason: refusal };
  return { flow, config };
}

/**
 * The registered module of a flow. Tests may register a stand-in (`registerOutboundFlowForTest`)
 * to drive the pipeline before (or without) a real flow module.
 */
export function outboundFlowModule(kind: OutboundFlowName): OutboundFlow | undefined {
  if (testFlows.has(kind)) return testFlows.get(kind) ?? undefined;
  return OUTBOUND_FLOW_MODULES[kind] as OutboundFlow | undefined;
}

/** Test stand-ins by flow: a module, or null for "no module registered" (hides the real one). */
const testFlows = new Map<OutboundFlowName, OutboundFlow | null>();

/** Test only: a flow module used in place of (or in the absence of) the registered one; null removes it. */
export function registerOutboundFlowForTest(kind: OutboundFlowName, flow: OutboundFlow | null): void {
  if (flow) testFlows.set(kind, flow);
  else testFlows.delete(kind);
}

/** Test only: the router behaves as if the flow had no module (until registerOutboundFlowForTest(kind, null)). */
export function hideOutboundFlowForTest(kind: OutboundFlowName): void {
  testFlows.set(kind, null);
}

/** The registered flows (test stand-ins included), for the echo probe at ingest. */
export function outboundFlowModules(): OutboundFlow[] {
  const names = new Set<OutboundFlowName>([...(Object.keys(OUTBOUND_FLOW_MODULES) as OutboundFlowName[]), ...testFlows.keys()]);
  return [...names].map((name) => outboundFlowModule(name)).filter((flow): flow is OutboundFlow => !!flow);
}
