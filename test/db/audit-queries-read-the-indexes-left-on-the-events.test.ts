/**
 * migrations/0016 dropped or narrowed indexes of the events table (each entry was a written row
 * per event). The queries that read the audit trail still find their rows through an index in
 * workerd's SQLite, as they send them: a status listing and the health and alert counts on the
 * index that holds that status (db/schema.ts, whereStatus), the
 * retention sweep on the unredacted and person indexes, an erasure by customer id on the entity
 * index (the customer-only index it was never planned on is gone), a source's last delivery on
 * the metric totals' key.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { DEFAULT_EXCEPTION_THRESHOLDS } from "../../src/alerts/settings";
import { listEvents } from "../../src/audit/event-records";
import { countDeadSince, countOpenEvents, countRejectedSince } from "../../src/db/event-counts";
import { lastDeliveries, listEventExceptions } from "../../src/db/exceptions";
import { readBacklog } from "../../src/db/metric-rollups";
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

  // Every status on the status index but the common ones, newest first on the (tenant, id) index.
  const indexOf = { accepted: "status", queued: "status", retrying: "status", dead: "status", rejected: "status", stale: "status", ignored: "status", superseded: "status", delivered: "id", duplicate: "id" } as const;
  for (const [status, index] of Object.entries(indexOf)) {
    const [plan] = await plansOf((d1) => listEvents(d1, { tenantId: tenant, status: status as keyof typeof indexOf, limit: 50 }), /from "events"/);
    expect(plan, status).toContain(`events_tenant_${index} `);
  }
  const counts = await plansOf(
    (d1) => Promise.all([countDeadSince(d1, tenant, 0), countRejectedSince(d1, tenant, 0), countOpenEvents(d1, tenant), readBacklog(d1, [tenant])]),
    /from "?events"?/i,
  );
  expect(counts).toHaveLength(4);
  for (const plan of counts) expect(plan).toContain("events_tenant_status");
  // The business exceptions (open events of a kind with no newer event of their entity): newest
  // first on the tenant's events (as before migrations/0016, with the open-only index present).
  const [exceptions] = await plansOf(
    (d1) => listEventExceptions(d1, { tenantId: tenant, type: "order_not_in_odoo", thresholds: DEFAULT_EXCEPTION_THRESHOLDS, limit: 50, now }),
    /FROM events e/,
  );
  expect(exceptions).toMatch(/SEARCH e USING INDEX events_tenant_(id|status) /);
  expect(exceptions).toMatch(/SEARCH n USING (COVERING )?INDEX events_tenant_entity /);

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
