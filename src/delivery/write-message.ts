/**
 * A message on the odoo-writes queue: "the current write of this entity is released". It carries
 * no payload: the consumer claims the write from the entity object, which owns the sequence, so a
 * late or duplicated message can never write an outdated version.
 */
import type { Region } from "../tenant/region";

export interface WriteMessage {
  type: "write";
  tenantId: string;
  /** Name of the entity object (see entityName). */
  entity: string;
  eventId: string;
  /**
   * The tenant's region, so the consumer finds the object (and the tenant's D1) without reading
   * the tenant. Absent = no region: messages queued before regions existed are read that way.
   */
  region?: Region;
  /**
   * The write's wake-up number when a dependency woke it (entity-store.ts `wake`); a message of
   * an earlier number is redundant and acked. Absent = 0.
   */
  wake?: number;
}
