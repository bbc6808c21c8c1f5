/** What every model writer receives, and the idempotent upsert they all build on. */
import type { MappingRef, MappingStore } from "../../db/mappings";
import { searchOne, type Domain, type OdooClient } from "../client";
import { DependencyWaitError, OdooError } from "../errors";
import type { Routing, WrittenKind } from "../../tenant/routing";
import { ownedValues } from "../../tenant/ownership";
import type { ReferenceCache } from "../reference-cache";

export interface WriteContext {
  odoo: OdooClient;
  mappings: MappingStore;
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
  /** The entity whose write this is: its own record needs no lock (its write is claimed). */
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
  /**
   * Takes another entity (an order's customer or product) for the time of `fn`, so that two writes
   * needing the same new record create it once. Throws DependencyBusyError when it is taken.
   */
  withEntity<T>(kind: string, externalId: string, fn: () => Promise<T>): Promise<T>;
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
   * null when nothing matched. A miss is trusted for the entity's own record only (its write is
   * claimed: nothing else creates it); another entity's is searched again under its lock, where
   * a concurrent create shows.
   */
  found?: number | null;
}

/**
 * Idempotent upsert: mapping first, then a search by the stable reference, only then a create.
 * A create whose response was lost is found by the search on the next attempt, so retries never
 * create a second record. A mapping whose record was deleted in Odoo falls back to search/create.
 */
export async function upsert(ctx: WriteContext, spec: UpsertSpec): Promise<{ id: number; created: boolean }> {
  const mapped = await ctx.mappings.get(spec.kind, spec.externalId);
  if (mapped && mapped.model === spec.model && !spec.update) return { id: mapped.id, created: false };
  const own = spec.kind === ctx.own.kind && spec.externalId === ctx.own.externalId;
  if (own) {
    const carried = ctx.carriedOdooFields ? new Set([...ctx.carriedOdooFields, ...Object.keys(ctx.extraValues)]) : undefined;
    return upsertHeld(ctx, { ...spec, values: { ...spec.values, ...ctx.extraValues }, carried }, mapped);
  }
  // Re-read the mapping under the lock: the holder before us may just have created the record.
  const held = spec.found === null ? { ...spec, found: undefined } : spec;
  return ctx.withEntity(spec.kind, spec.externalId, async () =>
    upsertHeld(ctx, held, await ctx.mappings.get(spec.kind, spec.externalId)),
  );
}

async function upsertHeld(
  ctx: WriteContext,
  spec: UpsertSpec & { carried?: ReadonlySet<string> },
  mapped: MappingRef | null,
): Promise<{ id: number; created: boolean }> {
  // An update writes only what a partial change carries, and of that only the fields the
  // provider owns (the tenant's routing `ownership`). A create writes everything.
  const carried = spec.carried;
  const changed = carried ? Object.fromEntries(Object.entries(spec.values).filter(([field]) => carried.has(field))) : spec.values;
  const updated = ownedValues(ctx.routing, spec.model, changed, "update");
  if (mapped && mapped.model === spec.model) {
    if (!spec.update) return { id: mapped.id, created: false };
    try {
      await ctx.odoo.call(spec.model, "write", [[mapped.id], updated]);
      return { id: mapped.id, created: false };
    } catch (err) {
      if (!(err instanceof OdooError && err.category === "not_found")) throw err;
    }
  }
  const found = spec.found !== undefined ? spec.found : await searchOne(ctx.odoo, spec.model, spec.domain);
  let id: number;
  if (found !== null) {
    if (spec.update) await ctx.odoo.call(spec.model, "write", [[found], updated]);
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
