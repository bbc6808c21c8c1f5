/**
 * A message on the odoo-writes queue: "the current write of this entity is released". It carries
 * no payload: the consumer claims the write from the entity object, which owns the sequence, so a
 * late or duplicated message can never write an outdated version.
 */
export interface WriteMessage {
  type: "write";
  tenantId: string;
  /** Name of the entity object (see entityName). */
  entity: string;
  eventId: string;
}
