// Cost per event from what one end-to-end window counted (bench/harness/instrument.mjs), priced
// with bench/lib/prices.mjs. "Event" = one webhook request received (redeliveries included).
import { PRICES, PRICES_CHECKED } from "./prices.mjs";
import { round } from "./stats.mjs";

const sum = (obj) => Object.values(obj ?? {}).reduce((s, x) => s + x, 0);

export function computeCost(window, consumers) {
  const c = window.counters;
  const n = window.webhookRequests;
  // Bench traffic (admin setup, audit reads) is not part of the cost of an event.
  const d1 = Object.entries(c.d1.byOrigin).filter(([origin]) => !/^fetch:(admin|audit)$/.test(origin)).map(([, v]) => v);
  const queueReads = sum(c.worker.queueMessages);
  const items = [
    {
      key: "workersRequests",
      what: "Worker invocations (webhook requests + queue consumer batches)",
      count: (c.worker.fetch.webhook ?? 0) + sum(c.worker.queueInvocations),
      basis: "measured (counted by the wrapper); consumer batches priced as requests (assumption)",
    },
    {
      key: "workersCpuMs",
      what: "CPU ms (whole local workerd process)",
      count: window.cpu.workerdCpuMs,
      basis: "measured locally, UPPER BOUND: includes the Durable Objects (billed by duration instead) and Miniflare's D1/Queues simulators",
    },
    { key: "doRequests", what: "Durable Object requests (RPC calls + alarms)", count: sum(c.do.requests), basis: "measured (every entry into an object method)" },
    {
      key: "doDurationGbS",
      what: "Durable Object duration (GB-s at 128 MB)",
      count: (c.do.activeMs / 1000) * 0.128,
      basis: "derived: summed wall time objects were active (method calls + waitUntil work) x 128 MB",
    },
    {
      key: "doRowsWritten",
      what: "DO SQLite rows written (+1 per setAlarm)",
      count: c.do.rowsWritten + c.do.setAlarm,
      basis: `measured (cursor.rowsWritten of ${c.do.sqlStatements} statements; ${c.do.setAlarm} setAlarm)`,
    },
    { key: "doRowsRead", what: "DO SQLite rows read", count: c.do.rowsRead, basis: "measured (cursor.rowsRead)" },
    {
      key: "queueOps",
      what: "Queue operations (write + read + delete, per 64 KB)",
      count: sum(c.queues.ops) + queueReads + sum(c.worker.queueAcked),
      basis: `measured: ${sum(c.queues.ops)} written, ${queueReads} delivered (reads, retries included), ${sum(c.worker.queueAcked)} acked (deletes)`,
    },
    { key: "d1RowsWritten", what: "D1 rows written", count: d1.reduce((s, o) => s + o.rowsWritten, 0), basis: "measured (D1 response meta.rows_written)" },
    { key: "d1RowsRead", what: "D1 rows read", count: d1.reduce((s, o) => s + o.rowsRead, 0), basis: "measured (D1 response meta.rows_read)" },
  ];
  let total = 0;
  for (const it of items) {
    it.perEvent = n ? it.count / n : null;
    it.usdPerMillionEvents = it.perEvent * PRICES[it.key].usdPerMillion;
    const unit = PRICES[it.key].unit;
    it.price = `$${PRICES[it.key].usdPerMillion.toFixed(PRICES[it.key].usdPerMillion < 0.01 ? 3 : 2)} per million ${/^(CPU ms|GB-s)$/.test(unit) ? unit : `${unit}s`}`;
    total += it.usdPerMillionEvents;
  }
  return {
    events: n,
    definition: "per webhook request received (redeliveries included)",
    items: items.map((it) => ({ ...it, count: round(it.count, 2), perEvent: Number(it.perEvent.toPrecision(4)), usdPerMillionEvents: round(it.usdPerMillionEvents, 3) })),
    usdPerMillionEvents: round(total, 2),
    usdPerMillionEventsWithoutCpu: round(total - items.find((i) => i.key === "workersCpuMs").usdPerMillionEvents, 2),
    odooCallsPerEvent: n ? round(window.odooCalls / n, 2) : null,
    doRequestsByMethod: c.do.requests,
    d1ByOrigin: c.d1.byOrigin,
    queues: c.queues,
    pricesChecked: PRICES_CHECKED,
    prices: Object.fromEntries(Object.entries(PRICES).map(([k, v]) => [k, { usdPerMillion: v.usdPerMillion, unit: v.unit, source: v.source }])),
    notes: [
      "Marginal list prices of the Workers Paid plan; the $5/month minimum and the monthly included usage are not subtracted.",
      "Storage (DO SQLite GB-month, D1 GB-month) is not included: it depends on retention, not on the event rate.",
      `Local queue consumers: Miniflare simulates batch size/timeout/retries but not max_concurrency (${consumers.map((q) => `${q.queue}: ${q.maxConcurrency ?? "auto"}`).join(", ")}).`,
    ],
  };
}
