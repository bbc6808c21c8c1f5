/**
 * Consumer of the audit-log queue: many entity objects' timeline entries become one D1 batch per
 * region (a batch mixes tenants, and each region's audit trail is in its own database: see
 * tenant/region.ts). A region whose write fails has its messages retried (writes are idempotent),
 * so nothing is acked unwritten; the other regions' messages are acked.
 */
import type { Env } from "../env";
import { tenantDb, type Region } from "../tenant/region";
import type { AuditMessage } from "./audit-message";
import { writeAuditMessages } from "./event-records";

export async function consumeAudit(batch: MessageBatch<AuditMessage>, env: Env): Promise<void> {
  const byRegion = new Map<Region | null, Message<AuditMessage>[]>();
  for (const message of batch.messages) {
    const region = message.body.event.region ?? null;
    let group = byRegion.get(region);
    if (!group) byRegion.set(region, (group = []));
    group.push(message);
  }
  await Promise.all(
    [...byRegion].map(async ([region, messages]) => {
      try {
        await writeAuditMessages(tenantDb(env, region), messages.map((m) => m.body));
        for (const m of messages) m.ack();
      } catch (err) {
        console.error({ msg: "audit batch failed", region, size: messages.length, err: String(err) });
        for (const m of messages) m.retry({ delaySeconds: 5 });
      }
    }),
  );
}
