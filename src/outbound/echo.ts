/**
 * Echo at ingest: a provider webhook that reports the router's own outbound write (Shopify's
 * `inventory_levels/update` after an `inventorySetQuantities`, HubSpot's property change after the
 * router set it) must not go back into Odoo as if it were news. It is recorded with status `echo`
 * and nothing is written.
 *
 * The decision compares values, never trusts an origin alone: a flow's `echoOf` says which ledger
 * entry the webhook would match and with what value; it is an echo only when the ledger holds that
 * very value, written within ECHO_WINDOW_MS. A different value (someone changed it at the
 * provider), or the same value long after the write (a real change back to it), goes in as usual.
 */
import type { CanonicalEvent } from "../events/canonical";
import { D1OutboundLedger } from "../db/outbound-ledger";
import type { Routing } from "../tenant/routing";
import type { EchoProbe, LedgerEntry, OutboundFlow, OutboundFlowName } from "./flow";
import { outboundFlowModules } from "./route";

/**
 * How long after a write a webhook with the written value counts as its echo: providers report a
 * change within seconds (Shopify, HubSpot), but retry failed webhook deliveries for minutes.
 */
export const ECHO_WINDOW_MS = 10 * 60_000;

export interface EchoMatch {
  flow: OutboundFlowName;
  objectKey: string;
  /** The outbound event whose write this reports, and when it was written. */
  eventId: string;
  writtenAt: number;
}

/** The pure decision: the ledger holds exactly this value for this object, written within the window. */
export function isEcho(probe: EchoProbe, entry: LedgerEntry | undefined, now: number): boolean {
  if (!entry || entry.objectKey !== probe.objectKey) return false;
  if (now - entry.writtenAt > ECHO_WINDOW_MS || entry.writtenAt - now > ECHO_WINDOW_MS) return false;
  return sameValue(probe.value, entry.value);
}

/** JSON equality, key order aside (the ledger keeps values as JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The flows that write to this source and can recognise their echo (cheap: no I/O). */
export function echoingFlows(routing: Routing, sourceId: string, flows: OutboundFlow[] = outboundFlowModules()): OutboundFlow[] {
  return flows.filter((flow) => flow.echoOf && routing.outbound[flow.name]?.to.includes(sourceId));
}

/**
 * An inbound event of a source some outbound flow writes to: the echo it is, or null. Reads the
 * ledger only when a flow's `echoOf` names an entry.
 */
export async function findEcho(
  /** The tenant's regional D1, asked for only when a flow probes (most webhooks never need it). */
  d1: () => D1Database,
  tenantId: string,
  sourceId: string,
  provider: string,
  event: CanonicalEvent,
  routing: Routing,
  now: number,
): Promise<EchoMatch | null> {
  const flows = echoingFlows(routing, sourceId);
  if (flows.length === 0) return null;
  const ledger = new D1OutboundLedger(d1(), tenantId);
  for (const flow of flows) {
    const probe = flow.echoOf!(event, provider);
    if (!probe) continue;
    const entry = (await ledger.get(sourceId, [probe.objectKey])).get(probe.objectKey);
    if (entry && isEcho(probe, entry, now)) return { flow: flow.name, objectKey: probe.objectKey, eventId: entry.eventId, writtenAt: entry.writtenAt };
  }
  return null;
}
