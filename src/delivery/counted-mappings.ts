/**
 * A write's mapping store, counting its calls (each one D1 statement; a getMany of more than 45
 * keys a few): reported in the write's detail as `mappingCalls`, next to `odooCalls` and
 * `lockCalls`, so the D1 cost of each flow shows in the audit trail and the benchmark.
 */
import type { MappingRef } from "../db/mappings";
import type { Mappings } from "../odoo/writers/context";

export class CountedMappings implements Mappings {
  calls = 0;

  constructor(private readonly store: Mappings) {}

  get(kind: string, externalId: string): Promise<MappingRef | null> {
    this.calls++;
    return this.store.get(kind, externalId);
  }

  getMany(keys: readonly { kind: string; externalId: string }[]): Promise<Map<string, MappingRef>> {
    this.calls++;
    return this.store.getMany(keys);
  }

  put(kind: string, externalId: string, ref: MappingRef): Promise<void> {
    this.calls++;
    return this.store.put(kind, externalId, ref);
  }

  externalIdOf(kind: Parameters<Mappings["externalIdOf"]>[0], ref: MappingRef): Promise<string | null> {
    this.calls++;
    return this.store.externalIdOf(kind, ref);
  }
}
