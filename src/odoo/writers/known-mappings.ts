/**
 * The mappings of the records one write named up front (an order's customer, addresses, variants,
 * shipping product and itself), read in one query, answered from memory afterwards: an order read
 * the same mappings one query at a time again (the partner, each address, the shipping product,
 * the order twice), five or more D1 statements on top of the batched read.
 *
 * Only as fresh as the write itself keeps them, which is enough where the caller guarantees it:
 * every miss was read under the record's lock (nothing else creates it meanwhile), and what this
 * write puts is remembered. A hit is a record that exists; it is linked, never created, as when it
 * was read again a moment later. Keys not named up front go to the store.
 */
import { mappingKey, type MappingRef } from "../../db/mappings";
import type { Mappings } from "./context";

type Key = { kind: string; externalId: string };

export class KnownMappings implements Mappings {
  private readonly known = new Map<string, MappingRef | null>();

  /** `keys`: what was read; `found`: its answer (getMany's, keyed by mappingKey), a miss = absent. */
  constructor(
    private readonly store: Mappings,
    keys: readonly Key[],
    found: ReadonlyMap<string, MappingRef>,
  ) {
    for (const key of keys) this.known.set(mappingKey(key), found.get(mappingKey(key)) ?? null);
  }

  async get(kind: string, externalId: string): Promise<MappingRef | null> {
    const name = mappingKey({ kind, externalId });
    return this.known.has(name) ? this.known.get(name)! : this.store.get(kind, externalId);
  }

  async getMany(keys: readonly Key[]): Promise<Map<string, MappingRef>> {
    const unknown = keys.filter((key) => !this.known.has(mappingKey(key)));
    const answer = unknown.length ? await this.store.getMany(unknown) : new Map<string, MappingRef>();
    for (const key of keys) {
      const ref = this.known.get(mappingKey(key));
      if (ref) answer.set(mappingKey(key), ref);
    }
    return answer;
  }

  async put(kind: string, externalId: string, ref: MappingRef): Promise<void> {
    await this.store.put(kind, externalId, ref);
    this.known.set(mappingKey({ kind, externalId }), ref);
  }

  externalIdOf(kind: Parameters<Mappings["externalIdOf"]>[0], ref: MappingRef): Promise<string | null> {
    return this.store.externalIdOf(kind, ref);
  }
}
