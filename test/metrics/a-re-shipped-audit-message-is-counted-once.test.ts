import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { writeAuditMessages } from "../../src/audit/event-records";
import { deliveredOrder } from "../support/audit-messages";
import { getMetrics, seriesOf } from "../support/metrics";
import { uniqueId } from "../support/shopify";

it("an audit message shipped again (in a later batch or twice in one) adds nothing to the counts", async () => {
  const t = { tenant: uniqueId("t-reship"), source: "shop", secret: "", odooUrl: "" };
  const receivedAt = Date.parse("2026-11-20T10:00:00Z");
  const [accepted, delivered] = deliveredOrder(t.tenant, receivedAt, { ackMs: 10, deliveredAfterMs: 500, odooMs: 200 });
  await writeAuditMessages(env.DB, [accepted!, accepted!]);
  await writeAuditMessages(env.DB, [accepted!, delivered!]);
  await writeAuditMessages(env.DB, [delivered!]);

  const order = seriesOf(await getMetrics(t, "from=2026-11-20T09:00:00Z&to=2026-11-20T11:00:00Z"), "shop", "order")!;
  expect(order.totals).toMatchObject({ received: 1, accepted: 1, delivered: 1 });
  expect(order.totals.odoo).toMatchObject({ attempts: 1, calls: 3 });
});
