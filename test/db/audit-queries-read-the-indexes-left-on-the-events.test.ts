/**
 * migrations/0016 dropped or narrowed indexes of the events table (each entry was a written row
 * per event). The queries that read the audit trail still find their rows through an index in
 * workerd's SQLite, as they send them: a status listing on the narrowed status index, the
 * retention sweep on the unredacted and person indexes, an erasure by customer id on the entity
 * index (the customer-only index it was never planned on is gone), a source's last delivery on
 * the metric totals' key.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { listEvents } from "../../src/audit/event-records";
import { countDeadSince, countRejectedSince } from "../../src/db/event-counts";
import { lastDeliveries } from "../../src/db/exceptions";
import { erasePerson } from "../../src/retention/erasure";
import { redactAuditBefore } from "../../src/retention/audit-redaction";
import { queryPlan, recordingD1 } from "../support/query-plans";
import { uniqueId } from "../support/shopify";

async function plansOf(run: (d1: D1Database) => Promise<unknown>, about: RegExp): Promise<string[]> {
  const seen: string[] = [];
  await run(recordingD1(env.DB, seen));
  const queries = seen.filter((q) => about.test(q));
  expect(queries.length, `no statement matching ${about}`).toBeGreaterThan(0);
  return Promise.all(queries.map((q) => queryPlan(env.DB, q)));
}

it("the audit trail's queries read an index of the events table, none scans it", async () => {
  const tenant = uniqueId("t-plans");
  const now = Date.now();

  for (const status of ["dead", "retrying", "rejected", "stale", "ignored"] as const) {
    const [plan] = await plansOf((d1) => listEvents(d1, { tenantId: tenant, status, limit: 50 }), /from "events"/);
    expect(plan, status).toContain("events_tenant_status");
  }
  // The common statuses, newest first on the (tenant, id) index.
  for (const status of ["delivered", "duplicate"] as const) {
    const [plan] = await plansOf((d1) => listEvents(d1, { tenantId: tenant, status, limit: 50 }), /from "events"/);
    expect(plan, status).toContain("events_tenant_id");
  }
  for (const plan of await plansOf((d1) => Promise.all([countDeadSince(d1, tenant, 0), countRejectedSince(d1, tenant, 0)]), /FROM events/)) {
    expect(plan).toContain("events_tenant_status");
  }

  const sweep = await plansOf((d1) => redactAuditBefore(d1, tenant, now, now), /from "events"|FROM events/);
  expect(sweep.join("\n")).toContain("events_tenant_unredacted");
  expect(sweep.join("\n")).toContain("events_tenant_person");

  const erasure = await plansOf(
    (d1) => erasePerson({ d1, entities: env.ENTITY }, tenant, { externalId: "c-1" }, "admin", now),
    /from "events".*"kind" = \?/s,
  );
  for (const plan of erasure) expect(plan).toContain("events_tenant_entity");

  const [last] = await plansOf((d1) => lastDeliveries(d1, tenant, ["shop"]), /metric_totals/);
  expect(last).toMatch(/metric_totals USING PRIMARY KEY/);

  for (const plan of [...sweep, ...erasure]) expect(plan).not.toMatch(/^SCAN events/m);
});
