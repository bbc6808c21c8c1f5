/**
 * An in-memory OutboundLedger for unit tests of outbound flows (the real one is D1,
 * src/db/outbound-ledger.ts). `entries` is exposed so a test can seed or read it.
 */
import type { LedgerEntry, OutboundLedger } from "../../src/outbound/flow";

export function memoryLedger(now: () => number = Date.now): OutboundLedger & { entries: Map<string, LedgerEntry> } {
  const entries = new Map<string, LedgerEntry>();
  const key = (sourceId: string, objectKey: string) => `${sourceId}\u0000${objectKey}`;
  return {
    entries,
    async get(sourceId, objectKeys) {
      const found = new Map<string, LedgerEntry>();
      for (const objectKey of objectKeys) {
        const entry = entries.get(key(sourceId, objectKey));
        if (entry) found.set(objectKey, structuredClone(entry));
      }
      return found;
    },
    async put(list) {
      for (const entry of list) entries.set(key(entry.sourceId, entry.objectKey), { ...structuredClone(entry), writtenAt: now() });
    },
  };
}
