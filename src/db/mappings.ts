/**
 * External id -> Odoo id, per tenant and source. Read before any Odoo search; written as soon as
 * Odoo returned an id, so a retried write finds the record without searching Odoo again.
 */
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { mappings } from "./schema";

export interface MappingRef {
  model: string;
  id: number;
}

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
