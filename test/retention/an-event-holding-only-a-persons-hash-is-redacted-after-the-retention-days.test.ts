/**
 * Most events carry only a hash of the person's email as personal data (no error text). The
 * retention sweep finds those on the person index (migrations/0016 keeps them out of the
 * "unredacted" index, one written row per event less) and drops the hash once they are older than
 * the cutoff; a newer one keeps its hash (an erasure still finds it).
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { writeAuditMessages } from "../../src/audit/event-records";
import { redactAuditBefore } from "../../src/retention/audit-redaction";
import { deliveredOrder } from "../support/audit-messages";
import { uniqueId } from "../support/shopify";

const DAY = 86_400_000;

it("a delivered event whose only personal data is the person's hash loses it after the retention days, a newer one keeps it", async () => {
  const tenant = uniqueId("t-hashonly");
  const now = Date.parse("2026-11-20T10:00:00Z");
  const hashed = (receivedAt: number) =>
    deliveredOrder(tenant, receivedAt, { ackMs: 5, deliveredAfterMs: 100, odooMs: 50 }).map((m) => ({ ...m, event: { ...m.event, personHash: "h-jane" } }));
  const old = hashed(now - 3 * DAY);
  const recent = hashed(now - DAY / 2);
  await writeAuditMessages(env.DB, [...old, ...recent]);

  const swept = await redactAuditBefore(env.DB, tenant, now - 2 * DAY, now);
  expect(swept).toMatchObject({ events: 1, done: true });
  const row = (id: string) => env.DB.prepare("SELECT person_hash, redacted_at, status FROM events WHERE id = ?").bind(id).first<{ person_hash: string | null; redacted_at: number | null; status: string }>();
  expect(await row(old[0]!.event.id)).toEqual({ person_hash: null, redacted_at: now, status: "delivered" });
  expect(await row(recent[0]!.event.id)).toEqual({ person_hash: "h-jane", redacted_at: null, status: "delivered" });
  // Nothing left to do: a second sweep finds nothing.
  expect(await redactAuditBefore(env.DB, tenant, now - 2 * DAY, now)).toMatchObject({ events: 0, done: true });
});
