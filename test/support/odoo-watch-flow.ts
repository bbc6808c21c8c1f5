/**
 * A small outbound flow for testing Odoo as a source without a real flow module: it watches one
 * model (one entity per record), and its `send` reads the record back from Odoo, as every flow
 * must, and keeps what it read, so a test can tell which state the flow saw (before or after
 * Odoo's commit). It writes nothing to a provider. Register it with `registerOutboundFlowForTest`
 * and remove it after the test.
 */
import type { OdooChange, OutboundFlow, OutboundFlowName } from "../../src/outbound/flow";

export interface ReadBack {
  externalId: string;
  change: OdooChange;
  record: Record<string, unknown> | null;
  at: number;
}

export function recordingFlow(
  name: OutboundFlowName,
  watch: { model: string; fields: string[]; triggerFields?: string[]; domain?: unknown[] },
): OutboundFlow & { reads: ReadBack[] } {
  const reads: ReadBack[] = [];
  return {
    name,
    reads,
    watches: () => [
      {
        model: watch.model,
        triggerFields: watch.triggerFields ?? watch.fields,
        fields: watch.fields,
        domain: watch.domain ?? [],
        entityOf: (record) => (typeof record.id === "number" ? String(record.id) : null),
      },
    ],
    async send(ctx) {
      const [record] = await ctx.odoo.call<Record<string, unknown>[]>(watch.model, "read", [[Number(ctx.externalId)], watch.fields]);
      reads.push({ externalId: ctx.externalId, change: ctx.change, record: record ?? null, at: Date.now() });
      return { writes: [], odoo: { model: watch.model, id: Number(ctx.externalId) } };
    },
  };
}
