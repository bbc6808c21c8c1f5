/**
 * What the outbound delivery step hands a flow's `send`, built for tests that drive a flow
 * directly: the tenant's emulated Odoo through the real JSON-RPC client, provider sessions on the
 * fakes (every fetch of the test worker reaches them), and an in-memory ledger.
 */
import { createApiSession } from "../../src/connections/api-session";
import { odooClient } from "../../src/odoo/connect";
import type { OutboundContext, OutboundFlowName, OutboundTarget } from "../../src/outbound/flow";
import type { ApiSession, ProviderApi } from "../../src/providers/provider-api";
import type { Routing } from "../../src/tenant/routing";
import { openGate } from "./api-gates";
import { memoryLedger } from "./memory-ledger";
import { ODOO_API_KEY, type TestTenant } from "./router";

export function fakeSession(api: ProviderApi, credentials: Record<string, unknown>): ApiSession {
  return createApiSession({ api, credentials, gate: openGate(), fetch: (input, init) => fetch(input, init) });
}

export function outboundContext<F extends OutboundFlowName>(
  t: TestTenant,
  options: { flow: F; externalId: string; model: string; targets: OutboundTarget[]; odooVersion: number; ledger?: ReturnType<typeof memoryLedger>; eventId?: string },
): OutboundContext<F> & { ledger: ReturnType<typeof memoryLedger> } {
  const ledger = options.ledger ?? memoryLedger();
  return {
    tenantId: t.tenant,
    eventId: options.eventId ?? crypto.randomUUID(),
    externalId: options.externalId,
    change: { model: options.model, ids: [Number(options.externalId)], via: "poll", writeDate: null },
    config: { to: options.targets.map((x) => x.sourceId), mode: "realtime" } as OutboundContext<F>["config"],
    routing: {} as Routing,
    odoo: odooClient({ url: t.odooUrl, database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, protocol: "jsonrpc" }),
    odooVersion: options.odooVersion,
    targets: options.targets,
    ledger,
    mappings: () => {
      throw new Error("no mappings in this test");
    },
  };
}
