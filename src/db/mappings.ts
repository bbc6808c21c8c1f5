/**
 * External id -> Odoo id, per tenant and source. Read before any Odoo search; written as soon as
 * Odoo returned an id, so a retried write finds the record without searching Odoo again.
 */
import { and, desc, eq, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { mappings, WAY_BACK_SQL, type WayBackKind } from "./schema";

export interface MappingRef {
  model: string;
  id: number;
}

/** One string per (kind, external id), as getMany keys its answer. */
export const mappingKey = (key: { kind: string; externalId: string }) => `${key.kind}\u0000${key.externalId}`;

export class MappingStore {
  private readonly db;

  constructor(
    d1: D1Database,
    private readonly tenantId: string,
    private readonly sourceId: string,
  ) {
    this.db = drizzle(d1);
  }

  async get(kind: string, externalId: string): Promise<MappingRef | null> {
    const row = await this.db
      .select({ model: mappings.odooModel, id: mappings.odooId })
      .from(mappings)
      .where(
        and(
          eq(mappings.tenantId, this.tenantId),
          eq(mappings.sourceId, this.sourceId),
          eq(mappings.kind, kind),
          eq(mappings.externalId, externalId),
        ),
      )
      .get();
    return row ?? null;
  }

  /**
   * The mappings of several records in one query per 45 (D1 binds at most 100 parameters), keyed
   * by `mappingKey`: what a write reads before it locks the ones it may have to create.
   */
  async getMany(keys: readonly { kind: string; externalId: string }[]): Promise<Map<string, MappingRef>> {
    const found = new Map<string, MappingRef>();
    const chunks: { kind: string; externalId: string }[][] = [];
    for (let i = 0; i < keys.length; i += 45) chunks.push(keys.slice(i, i + 45));
    const rows = await Promise.all(
      chunks.map((chunk) =>
        this.db
          .select({ kind: mappings.kind, externalId: mappings.externalId, model: mappings.odooModel, id: mappings.odooId })
          .from(mappings)
          .where(
            and(
              eq(mappings.tenantId, this.tenantId),
              eq(mappings.sourceId, this.sourceId),
              or(...chunk.map((key) => and(eq(mappings.kind, key.kind), eq(mappings.externalId, key.externalId)))),
            ),
          )
          .all(),
      ),
    );
    for (const row of rows.flat()) found.set(mappingKey(row), { model: row.model, id: row.id });
    return found;
  }

  /**
   * The way back: the provider's id of an Odoo record this source created or matched (a sale
   * order's shop order), newest mapping first when several point at it.
   */
  async externalIdOf(kind: WayBackKind, ref: MappingRef): Promise<string | null> {
    const row = await this.db
      .select({ externalId: mappings.externalId })
      .from(mappings)
      .where(
        and(
          eq(mappings.tenantId, this.tenantId),
          eq(mappings.sourceId, this.sourceId),
          eq(mappings.odooModel, ref.model),
          eq(mappings.odooId, ref.id),
          eq(mappings.kind, kind),
          // The predicate of mappings_by_odoo_record, which holds only these kinds.
          sql.raw(WAY_BACK_SQL),
        ),
      )
      .orderBy(desc(mappings.updatedAt))
      .get();
    return row?.externalId ?? null;
  }

  async put(kind: string, externalId: string, ref: MappingRef): Promise<void> {
    await this.db
      .insert(mappings)
      .values({
        tenantId: this.tenantId,
        sourceId: this.sourceId,
        kind,
        externalId,
        odooModel: ref.model,
        odooId: ref.id,
      })
      .onConflictDoUpdate({
        target: [mappings.tenantId, mappings.sourceId, mappings.kind, mappings.externalId],
        set: { odooModel: ref.model, odooId: ref.id, updatedAt: sql`(unixepoch('subsec') * 1000)` },
      });
  }
}
