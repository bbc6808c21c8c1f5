/**
 * Erasure of a person from the router's storage (POST /v1/tenants/{t}/erasures); Odoo is not
 * touched. A person is found by email (the salted hash audit rows keep of the payload's email,
 * and the email itself in the audit trail's free text) or by a customer's external id (its entity,
 * then every entity holding the emails that customer carried). Each entity object redacts its
 * stored payloads; the audit rows of those entities are redacted in D1; the erasure itself is
 * recorded with counts and a hash of the subject, never the email.
 */
import { and, desc, eq, inArray, like, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { EntityObject } from "../entity/entity-object";
import { entityName } from "../entity/entity-name";
import { erasures, events, timelineChunks } from "../db/schema";
import { normalizeEmail, personHash } from "../events/personal-data";
import { newUlid } from "../ids";
import { sha256Hex } from "../security/digest";
import { redactAuditEvents } from "./audit-redaction";

export type ErasureSubject = { email: string } | { externalId: string; source?: string };

export interface ErasureCounts {
  /** Entity objects that held data of the person. */
  entities: number;
  /** Stored payloads redacted now. */
  storedPayloads: number;
  /** Payloads being written to Odoo right now: redacted as soon as their write finishes. */
  pendingPayloads: number;
  /** Audit rows (D1) redacted, rejections included. */
  auditEvents: number;
  /** Of those, deliveries refused at ingest whose recorded reason quoted the person. */
  rejections: number;
}

export interface ErasureRecord {
  id: string;
  tenant: string;
  requestedBy: string;
  subject: { type: "email" | "externalId"; hash: string; source: string | null };
  counts: ErasureCounts;
  at: string;
}

interface Storage {
  d1: D1Database;
  entities: DurableObjectNamespace<EntityObject>;
}

const IDS_PER_QUERY = 90;

export async function erasePerson(
  storage: Storage,
  tenantId: string,
  subject: ErasureSubject,
  requestedBy: string,
  now: number,
): Promise<ErasureRecord> {
  const db = drizzle(storage.d1);
  const counts: ErasureCounts = { entities: 0, storedPayloads: 0, pendingPayloads: 0, auditEvents: 0, rejections: 0 };
  const visited = new Set<string>();
  const auditIds = new Set<string>();
  const emails = new Set<string>();

  const eraseEntities = async (rows: EntityRow[]) => {
    const found: string[] = [];
    for (const row of rows) {
      auditIds.add(row.id);
      if (!row.kind || !row.externalId) continue;
      const name = entityName(tenantId, row.sourceId, row.kind, row.externalId);
      if (visited.has(name)) continue;
      visited.add(name);
      const result = await storage.entities.getByName(name).erase();
      counts.entities++;
      counts.storedPayloads += result.payloads;
      counts.pendingPayloads += result.pending;
      found.push(...result.emails);
    }
    return found;
  };

  if ("email" in subject) {
    emails.add(normalizeEmail(subject.email));
    await eraseEntities(await rowsWithHashes(db, tenantId, [await personHash(tenantId, subject.email)]));
  } else {
    const customer = await db
      .select(entityColumns)
      .from(events)
      .where(
        and(
          eq(events.tenantId, tenantId),
          eq(events.kind, "customer"),
          eq(events.externalId, subject.externalId),
          subject.source ? eq(events.sourceId, subject.source) : undefined,
        ),
      );
    // The customer's own payloads name its emails: the orders and tickets that carried them follow.
    const carried = await eraseEntities(customer);
    for (const email of carried) emails.add(email);
    const hashes = await Promise.all(carried.map((email) => personHash(tenantId, email)));
    if (hashes.length) await eraseEntities(await rowsWithHashes(db, tenantId, hashes));
  }

  // The audit trail's free text (Odoo errors, rejection reasons) may quote an email anywhere.
  for (const email of emails) {
    for (const id of await rowsQuoting(db, tenantId, email)) auditIds.add(id);
  }
  const redacted = await redactAuditEvents(storage.d1, tenantId, [...auditIds], now, [...emails]);
  counts.auditEvents = redacted.events;
  counts.rejections = redacted.rejections;

  const record = {
    id: `era_${newUlid(now)}`,
    tenantId,
    requestedBy,
    subjectType: "email" in subject ? "email" : "externalId",
    subjectHash:
      "email" in subject
        ? await personHash(tenantId, subject.email)
        : await sha256Hex(`customer:${tenantId}:${subject.source ?? "*"}:${subject.externalId}`),
    sourceId: "email" in subject ? null : (subject.source ?? null),
    counts: { ...counts },
    createdAt: now,
  };
  await db.insert(erasures).values(record);
  return presentErasure(record);
}

export async function listErasures(d1: D1Database, tenantId: string, limit = 100): Promise<ErasureRecord[]> {
  const rows = await drizzle(d1).select().from(erasures).where(eq(erasures.tenantId, tenantId)).orderBy(desc(erasures.id)).limit(limit);
  return rows.map(presentErasure);
}

function presentErasure(row: typeof erasures.$inferSelect): ErasureRecord {
  return {
    id: row.id,
    tenant: row.tenantId,
    requestedBy: row.requestedBy,
    subject: { type: row.subjectType as "email" | "externalId", hash: row.subjectHash, source: row.sourceId },
    counts: row.counts as unknown as ErasureCounts,
    at: new Date(row.createdAt).toISOString(),
  };
}

const entityColumns = { id: events.id, sourceId: events.sourceId, kind: events.kind, externalId: events.externalId };
type EntityRow = { id: string; sourceId: string; kind: string | null; externalId: string | null };

async function rowsWithHashes(db: ReturnType<typeof drizzle>, tenantId: string, hashes: string[]): Promise<EntityRow[]> {
  const rows: EntityRow[] = [];
  for (let i = 0; i < hashes.length; i += IDS_PER_QUERY) {
    rows.push(
      ...(await db
        .select(entityColumns)
        .from(events)
        .where(and(eq(events.tenantId, tenantId), inArray(events.personHash, hashes.slice(i, i + IDS_PER_QUERY))))),
    );
  }
  return rows;
}

/**
 * Audit rows of the tenant whose reason, error or timeline mentions the text (case-insensitive):
 * the timeline on the row, or in chunks for rows written before migrations/0016.
 */
async function rowsQuoting(db: ReturnType<typeof drizzle>, tenantId: string, text: string): Promise<string[]> {
  const pattern = `%${text.replace(/[\\%_]/g, "\\$&")}%`;
  const matches = (column: Parameters<typeof like>[0]) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  const direct = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), or(matches(events.reason), matches(events.error), matches(events.timeline))));
  const inTimeline = await db
    .selectDistinct({ id: timelineChunks.eventId })
    .from(timelineChunks)
    .innerJoin(events, eq(events.id, timelineChunks.eventId))
    .where(and(eq(events.tenantId, tenantId), matches(timelineChunks.entries)));
  return [...new Set([...direct, ...inTimeline].map((r) => r.id))];
}
