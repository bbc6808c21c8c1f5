// The target measures of issue 11 ("Into Odoo fast") read from one results JSON
// (bench/results/<date>.json), for the report's targets table and for bench/compare.mjs.
// Tolerant of older results files: a measure a run did not produce is null ("n/a").

const FLOW_BUDGETS = [
  ["order create", 5],
  ["order update", 3],
  ["customer update", 2],
  ["payment", 6],
  ["refund", 6],
];

/** Odoo calls per flow of a run: the e2e mix's, then the burst's, then the burst's payments/refunds (later wins: warmer caches). */
export function callsPerFlow(r) {
  return { ...(r.e2e?.odooCallsPerFlow ?? {}), ...(r.burst?.odooCallsPerFlow ?? {}), ...(r.burst?.paymentsAndRefunds?.odooCallsPerFlow ?? {}) };
}

/** The e2e load window at `rate` req/s (new files: e2e.loads; older: the single steady window). */
export function loadAt(r, rate) {
  const loads = r.e2e?.loads ?? (r.e2e?.steady ? [{ rate: r.e2e.rate, e2eLatencyMs: r.e2e.steady.e2eLatencyMs }] : []);
  return loads.find((l) => l.rate === rate) ?? null;
}

const le = (v, t) => (v === null || v === undefined ? null : v <= t);
const ge = (v, t) => (v === null || v === undefined ? null : v >= t);
const num = (x) => (x === null || x === undefined || Number.isNaN(x) ? null : x);

/**
 * @returns {{id: string, label: string, unit: string, value: number|null, target: string, met: boolean|null, better: "lower"|"higher"}[]}
 */
export function targetMeasures(r) {
  const out = [];
  const add = (id, label, unit, value, target, met, better = "lower") => out.push({ id, label, unit, value: num(value), target, met, better });

  for (const rate of [5, 10, 20, 40]) {
    const l = loadAt(r, rate);
    const lat = l?.e2eLatencyMs;
    const at20 = rate === 20;
    add(`e2e.p50@${rate}`, `End to end p50 at ${rate} req/s`, "ms", lat?.p50, at20 ? "<= 300 ms" : "", at20 ? le(lat?.p50, 300) : null);
    add(`e2e.p99@${rate}`, `End to end p99 at ${rate} req/s`, "ms", lat?.p99, at20 ? "<= 2,000 ms" : "", at20 ? le(lat?.p99, 2000) : null);
  }
  const b = r.burst;
  add("burst.writeShare", "Burst (saturation): write rate / ack rate", "%", b?.writeRateShareOfAckRate === null || b?.writeRateShareOfAckRate === undefined ? null : 100 * b.writeRateShareOfAckRate, ">= 80 %", ge(b?.writeRateShareOfAckRate, 0.8), "higher");
  add("burst.tail", "Burst: last Odoo write after the last ack", "s", b?.lastWriteAfterLastAckS, "<= 10 s", le(b?.lastWriteAfterLastAckS, 10));
  add("burst.writtenPerS", "Burst: unique events written into Odoo per second", "/s", b?.uniqueEventsWrittenPerSecond, "", null, "higher");
  add("burst.ackRate", "Burst: acks per second (20 senders)", "/s", b?.ackRate, "", null, "higher");
  add("burst.callsPerEvent", "Burst: Odoo calls per unique event written", "", b?.odooCallsPerUniqueEvent, "", null);

  const flows = callsPerFlow(r);
  for (const [flow, budget] of FLOW_BUDGETS) {
    const f = flows[flow];
    add(`calls.${flow}`, `Odoo calls, ${flow} (median)`, "", f?.p50, `<= ${budget}`, le(f?.p50, budget));
  }
  add("calls.perAcceptedEvent", "Odoo calls per accepted event (5 req/s mix)", "", r.e2e?.steady?.odooCallsPerAcceptedEvent, "", null);

  const rows = r.rows ?? null;
  const steady = r.e2e?.steady;
  const fallback = (store) => {
    // Older files: totals only (rows per accepted event of the 5 req/s window).
    if (!steady?.counters || !steady.acceptedEvents) return null;
    const c = steady.counters;
    if (store === "do") return (c.do.rowsWritten + c.do.setAlarm) / steady.acceptedEvents;
    return Object.entries(c.d1.byOrigin).filter(([o]) => !/^fetch:(admin|audit)$/.test(o)).reduce((s, [, o]) => s + o.rowsWritten, 0) / steady.acceptedEvents;
  };
  const doRows = rows?.perAcceptedEvent?.do ?? fallback("do");
  const d1Rows = rows?.perAcceptedEvent?.d1 ?? fallback("d1");
  add("rows.do", "DO rows written per accepted event", "", doRows, "<= 8", le(doRows, 8));
  add("rows.d1", "D1 rows written per accepted event", "", d1Rows, "<= 6", le(d1Rows, 6));
  const perRequest = (store) => rows?.perWebhookRequest?.[store] ?? (steady?.webhookRequests && steady.acceptedEvents ? ((store === "do" ? doRows : d1Rows) * steady.acceptedEvents) / steady.webhookRequests : null);
  add("rows.doPerRequest", "DO rows written per webhook request (redeliveries included)", "", perRequest("do"), "", null);
  add("rows.d1PerRequest", "D1 rows written per webhook request", "", perRequest("d1"), "", null);
  add("cost", "Cost per million events (list prices)", "$", r.cost?.usdPerMillionEvents, "<= $15", le(r.cost?.usdPerMillionEvents, 15));

  const ratio = r.ingest?.ratioToNoop;
  add("ingest.share", "Ingest throughput / no-op worker", "%", ratio === undefined || ratio === null ? null : 100 * ratio, ">= 25 %", ge(ratio, 0.25), "higher");
  const ackP99 = r.ingest?.halfRate?.latencyMs?.p99;
  add("ingest.ackP99", "Ack p99 at 50 % of saturation", "ms", ackP99, "<= 50 ms", le(ackP99, 50));
  add("rss", "Peak RSS of the router's workerd", "MB", r.memory?.routerPeakRssMb, "<= 600 MB at 10,000 entities", le(r.memory?.routerPeakRssMb, 600));
  add("entities", "Distinct entities addressed by the ingest phase (for the RSS)", "", r.ingest?.poolStatus?.entitiesSent, "", null, "higher");
  return out;
}

export function formatValue(m) {
  if (m.value === null) return "n/a";
  const v = m.value;
  const s = Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : Number(v.toFixed(2)).toString();
  if (m.unit === "$") return `$${s}`;
  if (m.unit === "%") return `${Number(v.toFixed(1))} %`;
  return m.unit ? `${s} ${m.unit}` : s;
}

export const metText = (met) => (met === null ? "" : met ? "met" : "**not met**");

/** The targets table of one run (markdown). */
export function renderTargets(r) {
  const lines = ["| Measure | Result | Target | |", "|---|---|---|---|"];
  for (const m of targetMeasures(r)) lines.push(`| ${m.label} | ${formatValue(m)} | ${m.target} | ${metText(m.met)} |`);
  return lines.join("\n");
}
