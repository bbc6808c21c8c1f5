/** One entity object per (tenant, source, kind, external id): its name is the object's address. */
export function entityName(tenantId: string, sourceId: string, kind: string, externalId: string): string {
  // tenant and source ids are slugs (no "/"), kind is a fixed word: the external id may contain anything.
  return `${tenantId}/${sourceId}/${kind}/${externalId}`;
}
