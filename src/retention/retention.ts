/**
 * Per-tenant retention of what the router stores about deliveries (`retention` on
 * `PUT /v1/admin/tenants/{t}`). Stored payloads live in the entity objects; the audit trail in D1
 * keeps no payload, but its free text (Odoo's error messages, rejection reasons) may quote one.
 *
 *   payloadDays       finished events keep their payload (for replays) this long    default 8
 *   deadPayloadDays   dead events keep theirs this long (replay after a fix)        default 30
 *   personalDataDays  after this, personal data (events/personal-data.ts) is redacted from stored
 *                     payloads and the audit trail's free text                       default: never
 */
import * as z from "zod";

const DAY_MS = 24 * 3600_000;

export const DEFAULT_PAYLOAD_DAYS = 8;
export const DEFAULT_DEAD_PAYLOAD_DAYS = 30;

export const retentionSchema = z
  .object({
    payloadDays: z.number().int().min(1).max(365).optional(),
    deadPayloadDays: z.number().int().min(1).max(365).optional(),
    /** null or absent: personal data is only removed with the payload. */
    personalDataDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();

export type Retention = z.infer<typeof retentionSchema>;

/** The effective retention in milliseconds, as the entity object applies it. */
export interface RetentionMs {
  payloadMs: number;
  deadPayloadMs: number;
  personalDataMs: number | null;
}

export function retentionMs(retention: Retention | null | undefined): RetentionMs {
  return {
    payloadMs: (retention?.payloadDays ?? DEFAULT_PAYLOAD_DAYS) * DAY_MS,
    deadPayloadMs: (retention?.deadPayloadDays ?? DEFAULT_DEAD_PAYLOAD_DAYS) * DAY_MS,
    personalDataMs: retention?.personalDataDays ? retention.personalDataDays * DAY_MS : null,
  };
}

/** The body's view: every setting spelled out (defaults included). */
export function presentRetention(retention: Retention | null | undefined) {
  return {
    payloadDays: retention?.payloadDays ?? DEFAULT_PAYLOAD_DAYS,
    deadPayloadDays: retention?.deadPayloadDays ?? DEFAULT_DEAD_PAYLOAD_DAYS,
    personalDataDays: retention?.personalDataDays ?? null,
  };
}
