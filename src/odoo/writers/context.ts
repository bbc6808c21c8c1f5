/** What every model writer receives, and the idempotent upsert they all build on. */
import type { MappingRef, MappingStore } from "../../db/mappings";
import { searchOne, type Domain, type OdooClient } from "../client";
import { DependencyWaitError, OdooError } from "../errors";
import type { Routing, WrittenKind } from "../../tenant/routing";
import { ownedValues } from "../../tenant/ownership";
import type { ReferenceCache } from "../reference-cache";

/** The mapping reads and writes a writer makes: a MappingStore, or known-mappings.ts in front of one. */
export type Mappings = Pick<MappingStore, "get" | "getMany" | "put" | "externalIdOf">;

export interface WriteContext {
  odoo: OdooClient;
  mappings: Mappings;
  provider: string;
  sourceId: string;
  /** Reference ids of the tenant's Odoo database (countries, currencies, ...): src/odoo/reference-cache.ts. */
  lookups: ReferenceCache;
  /**
   * An earlier attempt of this write may have reached Odoo (a queue retry, a replay, a rerun with
   * fresh reference ids): what it may have created must be searched for by its stable reference
   * before creating. False on a first attempt, which then searches for nothing it would create.
   */
  earlierAttempt: boolean;
  /**
   * The entity whose write this is. Its write is claimed (no other write of it runs), but an
   * order may create its record too: it is locked like any other while it may be created.
   */
  own: { kind: string; externalId: string };
  /** The tenant's routing in force (src/tenant/routing.ts). */
  routing: Routing;
  /** Values the tenant's field mappings take from this event, written on its own record. */
  extraValues: Record<string, unknown>;
  /**
   * Of a partial change (src/events/canonical.ts `completeness`): the Odoo fields of its own
   * record that the fields it carries set; an update of that record writes only these (and the
   * field mappings). Absent for a full snapshot, and for writers that build only what an event
   * carries themselves (deals).
   */
  carriedOdooFields?: ReadonlySet<string>;
  /** The records this write holds while it may create them (see RecordLocks). */
  locks: RecordLocks;
}

/** A record the router may create in Odoo, named as its mapping is (kind + external id). */
export interface RecordKey {
  kind: string;
  externalId: string;
}

/**
 * Locks on records, so that two writes needing the same new Odoo record (an order's customer or
 * products, a customer's own write) create it once, and two payments of one order do not both
 * invoice it. Not the entity objects: a dedicated lock object per source (src/delivery/).
 */
export interface RecordLocks {
  /**
   * Holds every key for the time of `fn`: all taken together in one round trip or none (keys
   * are sorted, so two writes never wait on each other crosswise), given back together after.
   * Keys this write holds already are not taken again. Throws DependencyBusyError naming a key
   * another write holds (the write waits, and is woken when it is given back).
   */
  hold<T>(keys: readonly RecordKey[], fn: () => Promise<T>): Promise<T>;
  /** Whether this write holds `key` now (inside a `hold` of it). */
  holds(key: RecordKey): boolean;
}

export interface WriteResult {
  odoo: MappingRef;
  detail: Record<string, unknown>;
}

/** A stable reference the router stamps on the records it creates: "<source>:<external id>". */
export const externalRef = (ctx: WriteContext, externalId: string) => `${ctx.sourceId}:${externalId}`;

export interface UpsertSpec {
  kind: string;
  externalId: string;
  model: string;
  /** How to find the record in Odoo when no mapping exists (the record's stable reference). */
  domain: Domain;
  values: Record<string, unknown>;
  /** false: an existing record is only linked, not overwritten (e.g. an order's customer). */
  update: boolean;
  /** What to say instead of creating a missing record (the tenant's routing forbids creating it). */
  refuseCreate?: string;
  /**
   * What the caller's own search by `domain` in this attempt answered (a search_read that also
   * brought what it needed, e.g. an order's state), so the search is not made twice: the id, or
   * null when nothing matched. A miss is trusted only when the search was made under the record's
   * lock (nothing else could create it meanwhile); otherwise it is searched again under the lock,
   * where a concurrent create shows.
   */
  found?: number | null;
}

/**
 * Idempotent upsert: mapping first, then a search by the stable reference, only then a create.
 * A create whose response was lost is found by the search on the next attempt, so retries never
 * create a second record. A mapping whose record was deleted in Odoo falls back to search/create.
 * The search and the create run under the record's lock (RecordLocks), so two writes needing the
 * same new record create it once; a mapped record is updated without one (nothing creates it
 * while its mapping stands: an order only links it).
 */
export async function upsert(ctx: WriteContext, spec: UpsertSpec): Promise<{ id: number; created: boolean }> {
  const mapped = await ctx.mappings.get(spec.kind, spec.externalId);
  if (mapped && mapped.model === spec.model && !spec.update) return { id: mapped.id, created: false };
  const own = spec.kind === ctx.own.kind && spec.externalId === ctx.own.externalId;
  const carried = own && ctx.carriedOdooFields ? new Set([...ctx.carriedOdooFields, ...Object.keys(ctx.extraValues)]) : undefined;
  const full: HeldSpec = own ? { ...spec, values: { ...spec.values, ...ctx.extraValues }, carried } : spec;
  const tried = mapped && mapped.model === spec.model ? mapped.id : null;
  if (tried !== null) {
    const updated = await updateMapped(ctx, full, tried);
    if (updated) return updated;
  }
  const key = { kind: spec.kind, externalId: spec.externalId };
  // Held already (an order takes its records up front): the mapping above was read under the lock.
  if (ctx.locks.holds(key)) return findOrCreate(ctx, full);
  // Taken now: the holder before us may just have created the record (its mapping is read again),
  // and another record's miss found before the lock is no proof (searched again). The write's own
  // miss is kept (a first attempt that made nothing yet, writers/invoice.ts): its write is claimed,
  // and another write that creates its record puts the mapping before giving the lock back.
  const held = full.found === null && !own ? { ...full, found: undefined } : full;
  return ctx.locks.hold([key], async () => {
    const now = await ctx.mappings.get(spec.kind, spec.externalId);
    if (now && now.model === spec.model && now.id !== tried) {
      if (!spec.update) return { id: now.id, created: false };
      const updated = await updateMapped(ctx, full, now.id);
      if (updated) return updated;
    }
    return findOrCreate(ctx, held);
  });
}

type HeldSpec = UpsertSpec & { carried?: ReadonlySet<string> };

/**
 * An update writes only what a partial change carries, and of that only the fields the provider
 * owns (the tenant's routing `ownership`). A create writes everything.
 */
function updatedValues(ctx: WriteContext, spec: HeldSpec): Record<string, unknown> {
  const carried = spec.carried;
  const changed = carried ? Object.fromEntries(Object.entries(spec.values).filter(([field]) => carried.has(field))) : spec.values;
  return ownedValues(ctx.routing, spec.model, changed, "update");
}

/** The mapped record updated; null when Odoo no longer has it (then it is searched or created). */
async function updateMapped(ctx: WriteContext, spec: HeldSpec, id: number): Promise<{ id: number; created: boolean } | null> {
  try {
    await ctx.odoo.call(spec.model, "write", [[id], updatedValues(ctx, spec)]);
    return { id, created: false };
  } catch (err) {
    if (!(err instanceof OdooError && err.category === "not_found")) throw err;
    return null;
  }
}

/** Under the record's lock: found by its stable reference (updated when asked), else created. */
async function findOrCreate(ctx: WriteContext, spec: HeldSpec): Promise<{ id: number; created: boolean }> {
  const found = spec.found !== undefined ? spec.found : await searchOne(ctx.odoo, spec.model, spec.domain);
  let id: number;
  if (found !== null) {
    if (spec.update) await ctx.odoo.call(spec.model, "write", [[found], updatedValues(ctx, spec)]);
    id = found;
  } else {
    if (spec.refuseCreate) throw new OdooError("business", spec.refuseCreate);
    id = await ctx.odoo.call<number>(spec.model, "create", [spec.values]);
  }
  await ctx.mappings.put(spec.kind, spec.externalId, { model: spec.model, id });
  return { id, created: found === null };
}

// Reference-id look-ups live with their cache; re-exported for the writers that import them here.
export { hasField, lookupId } from "../reference-cache";

/**
 * The Odoo record a reference of this source points to, or a wait until it is written; null when
 * the tenant's routing ignores that kind (it will never be written).
 */
export async function mappedOrWait(
  ctx: WriteContext,
  ref: { kind: string; externalId: string },
  model: string,
  waiter: string,
): Promise<number | null> {
  const mapped = await ctx.mappings.get(ref.kind, ref.externalId);
  if (mapped && mapped.model === model) return mapped.id;
  if (ctx.routing.flows[ref.kind as WrittenKind] === "ignore") return null;
  throw new DependencyWaitError(`${waiter} waits for ${ref.kind} ${ref.externalId} to be written to Odoo first`, null, {
    kind: ref.kind,
    externalId: ref.externalId,
    needs: "written",
  });
}
