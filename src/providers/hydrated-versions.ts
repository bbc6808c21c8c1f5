/**
 * A fetched object is read after its thin event happened, so it is at least as new as that event:
 * its version is raised to the event's when the provider stamps it earlier (HubSpot's
 * `lastmodifieddate` may trail the webhook's `occurredAt` by a few ms), else the entity object would
 * order the snapshot before the event that asked for it.
 */
import type { Hydrated, ThinRef } from "./provider-api";

export function notOlderThanTheirEvents(result: Map<string, Hydrated>, refs: readonly ThinRef[]): Map<string, Hydrated> {
  for (const ref of refs) {
    const read = result.get(ref.externalId);
    if (read?.status === "found" && ref.version !== undefined && ref.version > read.event.version) {
      result.set(ref.externalId, { status: "found", event: { ...read.event, version: ref.version, occurredAt: new Date(ref.version).toISOString() } });
    }
  }
  return result;
}
