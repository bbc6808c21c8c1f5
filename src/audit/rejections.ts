/**
 * Deliveries refused at ingest (401 invalid_signature, 400 malformed_payload) are recorded in the
 * audit trail as `rejected` with the reason code, so an operator sees a misconfigured secret. A
 * flood of forged requests must not fill D1: each Worker isolate records at most
 * REJECTIONS_PER_MINUTE per source and counts the rest, reported with the next recorded one.
 */
import type { AuditMessage } from "./audit-message";
import { newEventId } from "../ids";
import type { Region } from "../tenant/region";

const REJECTIONS_PER_MINUTE = 10;
const windows = new Map<string, { startedAt: number; recorded: number; suppressed: number }>();

export function rejectionRecord(
  input: { tenantId: string; sourceId: string; provider: string; code: string; reason: string; topic: string | null; region?: Region },
  now: number,
): AuditMessage | null {
  const key = `${input.tenantId}/${input.sourceId}`;
  let window = windows.get(key);
  if (!window || now - window.startedAt >= 60_000) {
    if (windows.size > 10_000) windows.clear();
    window = { startedAt: now, recorded: 0, suppressed: window?.suppressed ?? 0 };
    windows.set(key, window);
  }
  if (window.recorded >= REJECTIONS_PER_MINUTE) {
    window.suppressed++;
    return null;
  }
  window.recorded++;
  const suppressed = window.suppressed;
  window.suppressed = 0;
  const detail = { code: input.code, reason: input.reason, ...(suppressed ? { suppressedBefore: suppressed } : {}) };
  return {
    type: "audit",
    event: {
      id: newEventId(now),
      tenantId: input.tenantId,
      sourceId: input.sourceId,
      provider: input.provider,
      topic: input.topic ?? "(unknown)",
      type: null,
      kind: null,
      externalId: null,
      deliveryId: null,
      version: null,
      receivedAt: now,
      duplicateOf: null,
      ...(input.region ? { region: input.region } : {}),
    },
    state: { status: "rejected", statusSeq: 2, attempts: 0, reason: `${input.code}: ${input.reason}`, odoo: null, error: null },
    entries: [
      { seq: 1, at: now, step: "received", detail: null },
      { seq: 2, at: now, step: "rejected", detail },
    ],
  };
}
