/**
 * A small outbound flow for testing the shared pipeline (src/delivery/outbound-delivery.ts)
 * without a real flow module: it follows the flows' convention — read Odoo, compare with the
 * ledger, write only the difference, `ledger.put` each write as it succeeds — and "writes" each
 * object by reading it through the target's API session (the generic API fake serves GETs and
 * counts calls), so a test can count what reached the provider. Register it with
 * `registerOutboundFlowForTest(name, flow)` and remove it after the test.
 */
import { ProviderApiError } from "../../src/providers/provider-api";
import type { EchoProbe, OutboundFlow, OutboundFlowName, OutboundWrite } from "../../src/outbound/flow";
import type { CanonicalEvent } from "../../src/events/canonical";

export interface TestFlowOptions {
  name: OutboundFlowName;
  /** The provider objects (fake paths "<collection>/<id>") each entity writes, and the value. */
  objects: (externalId: string) => { path: string; value: unknown }[];
  /** Object paths whose first write fails with a provider error (transient unless `failWith` says). */
  failOnce?: Set<string>;
  failWith?: "transient" | "auth";
  /** An echo probe for inbound events (as Shopify's inventory webhook would be matched). */
  echoOf?: (event: CanonicalEvent, provider: string) => EchoProbe | null;
  /** The records a resync lists. */
  watchedModel?: string;
}

export function testFlow(options: TestFlowOptions): OutboundFlow & { sentPaths: string[] } {
  const failed = new Set<string>();
  const sentPaths: string[] = [];
  return {
    name: options.name,
    sentPaths,
    watches: () => [
      {
        model: options.watchedModel ?? "product.product",
        triggerFields: ["write_date"],
        fields: ["id"],
        domain: [],
        entityOf: (record) => String(record.id),
      },
    ],
    async send(ctx) {
      // A flow never trusts the hint: it reads Odoo (here only that the tenant's Odoo answers).
      await ctx.odoo.call("res.users", "search_count", [[]]);
      const writes: OutboundWrite[] = [];
      for (const target of ctx.targets) {
        const objects = options.objects(ctx.externalId);
        const known = await ctx.ledger.get(target.sourceId, objects.map((o) => o.path));
        for (const { path, value } of objects) {
          if (JSON.stringify(known.get(path)?.value) === JSON.stringify(value)) {
            writes.push({ to: target.sourceId, provider: target.provider, objectKey: path, value, status: "unchanged" });
            continue;
          }
          if (options.failOnce?.has(path) && !failed.has(path)) {
            failed.add(path);
            if (options.failWith === "auth") throw new ProviderApiError("auth", `test provider: 401 for ${path} (token revoked)`, 401, 1);
            throw new ProviderApiError("transient", `test provider refused ${path} once`, 503, 1);
          }
          const account = new URL(String(target.session.credentials.fetchUrl)).pathname.split("/")[1];
          await target.session.request({ method: "GET", path: `/${account}/${path}`, what: `test object ${path}` });
          sentPaths.push(path);
          const link = `${target.session.baseUrl}/${account}/${path}`;
          await ctx.ledger.put([{ sourceId: target.sourceId, objectKey: path, value, eventId: ctx.eventId, link }]);
          writes.push({ to: target.sourceId, provider: target.provider, objectKey: path, value, status: "sent", link });
        }
      }
      return { writes, odoo: { model: "product.product", id: Number(ctx.externalId) } };
    },
    ...(options.echoOf ? { echoOf: options.echoOf } : {}),
  };
}
